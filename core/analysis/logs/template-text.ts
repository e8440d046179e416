/**
 * Template text in the loghub convention (Zhu et al. 2019; Khan et al. 2022 corrected templates): the
 * miner's `<*>` holes are kept, adjacent holes with nothing between them are one hole.
 */

/**
 * Rewrites a mined template to the loghub convention. O(length). Never throws.
 *
 * @example toLoghubTemplate('a <*><*> b') // 'a <*> b'
 */
export function toLoghubTemplate(template: string): string {
  return template.replace(/(?:<\*>){2,}/g, '<*>');
}
