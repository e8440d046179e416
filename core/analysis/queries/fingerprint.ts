/**
 * Query fingerprints: a statement with its literals replaced by `?`, so executions that differ only in
 * their values group together. After pt-fingerprint (Percona Toolkit) and pg_stat_statements' query jumbling:
 * comments dropped; string, numeric, boolean-free `$n` / `?` / `:name` parameters → `?`; `IN (?, ?, …)` and
 * multi-row `VALUES (…), (…)` collapsed; keywords and identifiers lower-cased (a double-quoted PostgreSQL
 * identifier keeps its case); whitespace collapsed; a final ';' dropped. One pass, O(length).
 */

/** Words after which '(' opens a list or subquery, not a function's arguments. */
const KEYWORDS_BEFORE_PAREN = new Set(
  'in values from join exists as on and or not where select any all some using over into table set by when then else case between like is union intersect except lateral'.split(' '),
);

/**
 * The fingerprint of `sql`. In MySQL a double-quoted token is a string literal (→ `?`); in PostgreSQL it is
 * an identifier (kept).
 * @example fingerprint("SELECT * FROM t WHERE id IN (1, 2, 3) AND name = 'x'") // → 'select * from t where id in (?+) and name = ?'
 */
export function fingerprint(sql: string, dialect: 'postgresql' | 'mysql' = 'postgresql'): string {
  let out = '';
  let space = false;
  const n = sql.length;
  /** Appends a token, with one space before it unless it follows '(' or '.'. */
  const emit = (s: string): void => {
    if (space && out.length && !out.endsWith('(') && !out.endsWith('.')) out += ' ';
    space = false;
    out += s;
  };
  for (let i = 0; i < n; ) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++;
      space = true;
      continue;
    }
    if (c === '#' && dialect === 'mysql') {
      while (i < n && sql[i] !== '\n') i++;
      space = true;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      space = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      space = true;
      i++;
      continue;
    }
    if (c === "'" || (c === '"' && dialect === 'mysql') || ((c === 'E' || c === 'e' || c === 'B' || c === 'b' || c === 'X' || c === 'x' || c === 'N' || c === 'n') && next === "'" && !/[\w$]/.test(sql[i - 1] ?? ''))) {
      const quote = c === '"' ? '"' : "'";
      let j = c === quote ? i + 1 : i + 2;
      const backslash = dialect === 'mysql' || c === 'E' || c === 'e';
      while (j < n) {
        if (backslash && sql[j] === '\\') j += 2;
        else if (sql[j] === quote && sql[j + 1] === quote) j += 2;
        else if (sql[j] === quote) break;
        else j++;
      }
      i = j + 1;
      emit('?');
      continue;
    }
    if (c === '$' && /\d/.test(next ?? '') && !/[\w$]/.test(sql[i - 1] ?? '')) {
      let j = i + 1;
      while (j < n && /\d/.test(sql[j])) j++;
      i = j;
      emit('?');
      continue;
    }
    if (c === '$') {
      // Dollar-quoted string: $$…$$ or $tag$…$tag$.
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? n : end + tag[0].length;
        emit('?');
        continue;
      }
    }
    if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      const stop = end < 0 ? n : end + 1;
      emit(sql.slice(i, stop));
      i = stop;
      continue;
    }
    if (c === '`') {
      const end = sql.indexOf('`', i + 1);
      const stop = end < 0 ? n : end + 1;
      emit(sql.slice(i + 1, stop - 1).toLowerCase());
      i = stop;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next ?? ''))) {
      let j = i;
      if (c === '0' && (next === 'x' || next === 'X')) j += 2;
      while (j < n && /[0-9a-fA-F.eE_]/.test(sql[j])) {
        if ((sql[j] === 'e' || sql[j] === 'E') && (sql[j + 1] === '-' || sql[j + 1] === '+')) j++;
        j++;
      }
      i = j;
      // A minus sign directly before a number that follows an operator or '(' is part of the literal.
      if (/(^|[=<>(,]|\b(and|or|in|then|else|values|select|between|when|limit|offset)) ?[-+]$/.test(out)) {
        out = out.slice(0, -1).trimEnd();
        space = true;
      }
      emit('?');
      continue;
    }
    if (c === ':' && /[A-Za-z_]/.test(next ?? '') && sql[i - 1] !== ':') {
      let j = i + 1;
      while (j < n && /\w/.test(sql[j])) j++;
      i = j;
      emit('?');
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w$]/.test(sql[j])) j++;
      const word = sql.slice(i, j).toLowerCase();
      emit(word === 'true' || word === 'false' ? '?' : word);
      i = j;
      continue;
    }
    if (c === '(') {
      // A function call keeps its name and '(' together; after a keyword (in, values, from …) one space.
      const word = /(?:^|[^\w$"])([a-z_][\w$]*)$/.exec(out);
      // …unless the name is a table's (`insert into a (x, y)`, `create index i on t (c)`).
      space = !word || KEYWORDS_BEFORE_PAREN.has(word[1]) || /\b(into|table|on)\s+[\w$."]+$/.test(out);
      emit('(');
      i++;
      continue;
    }
    if (c === ')' || c === ',' || c === '.' || c === ';') {
      out = out.trimEnd() + c;
      space = c !== '.';
      i++;
      continue;
    }
    // Operators: one space either side; two-character ones stay together (<=, >=, <>, !=, ::, ||).
    let op = c;
    i++;
    while (i < n && op.length < 3 && /[<>=|:&]/.test(sql[i])) op += sql[i++];
    space = true;
    emit(op);
    space = true;
  }
  out = out.replace(/;\s*$/, '').trim();
  return collapseLists(out);
}

/** `in (?, ?, ?)` → `in (?+)`; `values (?, ?), (?, ?)` → `values (?+)`. */
function collapseLists(fp: string): string {
  return fp
    .replace(/\bin \((?:\?, )*\?\)/g, 'in (?+)')
    .replace(/\b(values) \((?:\?, )*\?\)(?:, \((?:\?, )*\?\))*/g, '$1 (?+)');
}
