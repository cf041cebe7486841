/** Masks names, phone numbers and ID numbers for lists and notifications (PRODUCT.md §7). */

const STAR = '*';

// Two-character surnames (复姓) still in use; "欧阳娜娜" is masked as "欧阳**", not "欧***",
// because the surname alone identifies no one and staff address people by it.
const COMPOUND_SURNAMES = new Set(
  (
    '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 ' +
    '南宫 西门 百里 呼延 申屠 澹台 钟离 闻人 赫连 濮阳 太史 公羊 司空 万俟 第五 左丘 东郭 ' +
    '拓跋 完颜 乐正 子车 梁丘 谷梁'
  ).split(' '),
);

// Separators inside a name stay visible so "买买提·艾力" reads as a name: "买**·**".
const NAME_SEPARATOR = /^[·\s]$/u;

/** `张*`, `欧阳**`, `买**·**`: the surname (or first character) kept, every other character a star. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return STAR.repeat(chars.length);
  const surname = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars
    .map((char, index) => (index < surname || NAME_SEPARATOR.test(char) ? char : STAR))
    .join('');
}

/** `138****5678`: the network prefix and the last four digits, as staff read them back. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return STAR.repeat(phone.length);
  return `${phone.slice(0, 3)}${STAR.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** `110*************2X`: first three and last two characters kept, the length unchanged. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length === 0) return '';
  if (idNumber.length <= 5) return `${idNumber.slice(0, 1)}${STAR.repeat(idNumber.length - 1)}`;
  return `${idNumber.slice(0, 3)}${STAR.repeat(idNumber.length - 5)}${idNumber.slice(-2)}`;
}

/** A person's identifiers as lists and notifications show them. */
export interface MaskedPerson {
  name: string;
  phone: string;
  idNumber: string;
}

/** The masked name, phone and ID number of a declaration: the one projection every view uses. */
export function maskPerson(person: MaskedPerson): MaskedPerson {
  return {
    name: maskName(person.name),
    phone: maskPhone(person.phone),
    idNumber: maskIdNumber(person.idNumber),
  };
}
