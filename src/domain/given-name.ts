/** Two-character surnames: a four-character name starting with one has a two-character given name. */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯', '轩辕',
  '端木', '南宫', '独孤', '西门', '百里', '呼延', '东郭', '钟离', '澹台', '公羊', '闻人', '赫连', '申屠', '万俟', '太史',
  '濮阳', '淳于', '单于', '拓跋', '司空', '左丘', '第五',
]);

const HAN_ONLY = /^\p{Script=Han}+$/u;

/**
 * The child's name as the family says it at home: the two-character given name of a Chinese
 * name whose surname is certain (李小明 → 小明, 欧阳明月 → 明月). Whenever that is not certain
 * (two characters such as 王芳, a one-character given name after a compound surname, four
 * characters without a known compound surname, any name not all in Chinese characters), the
 * full name, so a grandparent never reads a name nobody uses.
 */
export function familiarName(fullName: string): string {
  const chars = [...fullName.trim()];
  if (!HAN_ONLY.test(fullName.trim())) return fullName;
  const surname2 = COMPOUND_SURNAMES.has(chars.slice(0, 2).join(''));
  if (chars.length === 3 && !surname2) return chars.slice(1).join('');
  if (chars.length === 4 && surname2) return chars.slice(2).join('');
  return fullName;
}
