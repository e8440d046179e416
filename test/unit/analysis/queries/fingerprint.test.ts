/**
 * Fingerprints group executions that differ only in their values, as pt-fingerprint and pg_stat_statements do.
 */
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../../core/analysis/queries/fingerprint';

describe('fingerprint', () => {
  it('replaces strings, numbers (negative, decimal, exponent) and $n / ? / :name parameters by ?', () => {
    expect(fingerprint("SELECT * FROM t WHERE a = 'it''s' AND b > -5.5e3 AND c = $12 AND d = ? AND e = :name")).toBe('select * from t where a = ? and b > ? and c = ? and d = ? and e = ?');
  });

  it('collapses IN-lists of any length and multi-row VALUES', () => {
    expect(fingerprint('select * from t where id in (1)')).toBe(fingerprint('SELECT * FROM t WHERE id IN (1, 2, 3, -4)'));
    expect(fingerprint("INSERT INTO a (x, y) VALUES (1, 'a'), (2, 'b')")).toBe('insert into a (x, y) values (?+)');
  });

  it('ignores case, whitespace, comments, spacing around operators and a final semicolon', () => {
    const a = "SELECT id\n  FROM orders -- the list\n WHERE status='paid' /* hot */ ;";
    const b = 'select id from orders where status = ?';
    expect(fingerprint(a)).toBe(b);
  });

  it('keeps function calls and identifiers: only values are masked', () => {
    expect(fingerprint('select count(*), lower(Email) from users u where u.created_at > now() - interval \'1 day\'')).toBe(
      'select count(*), lower(email) from users u where u.created_at > now() - interval ?',
    );
  });

  it('reads dialects: MySQL double quotes and backticks; PostgreSQL quoted identifiers, E strings and dollar quotes', () => {
    expect(fingerprint('SELECT * FROM `Orders` WHERE state = "x\\"y"', 'mysql')).toBe('select * from orders where state = ?');
    expect(fingerprint('SELECT "Col" FROM "Weird" WHERE a = E\'\\n\' AND b = $$x$$')).toBe('select "Col" from "Weird" where a = ? and b = ?');
  });

  it('does not mask digits inside identifiers', () => {
    expect(fingerprint('select t1.col2 from tab3 t1')).toBe('select t1.col2 from tab3 t1');
  });
});
