// Tests of the declaration schema: every field rule, its Chinese message, issue order and form decoding.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { shanghaiDate } from '../lib/dates';
import { residentIdCheckDigit } from '../lib/id-number';
import { isKnownRegion } from '../lib/regions';
import {
  createDeclarationSchema,
  declarationIssues,
  FIELD_LABELS,
  formToObject,
  HEALTH_CODE_LABELS,
  HEALTH_CODES,
  ID_TYPE_LABELS,
  ID_TYPES,
  isHoneypotFilled,
  NUCLEIC_TEST_LABELS,
  NUCLEIC_TESTS,
  SYMPTOM_LABELS,
  SYMPTOMS,
  TRANSPORT_LABELS,
  TRANSPORTS,
} from './declaration';

const TODAY = '2026-11-20';
const AREA_IDS = ['dongshan-1', 'xixi-1', 'nantang', 'qinghe-garden'] as const;
const schema = createDeclarationSchema({ areaIds: AREA_IDS, today: TODAY, isKnownRegion });

/** A valid resident ID number: 17 known-good digits plus the computed check character. */
function residentId(body: string): string {
  return body + residentIdCheckDigit(body);
}

const ID_NUMBER = residentId('33010619900307123');
const SUBMISSION_ID = '3f2b8c1e-6a4d-4f7e-9b1a-2c3d4e5f6a7b';

const VALID = {
  name: '陈晓明',
  idType: 'resident_id',
  idNumber: ID_NUMBER,
  phone: '13812345678',
  areaId: 'dongshan-1',
  addressDetail: '东山村一组12号',
  originRegion: '440305',
  originDetail: '粤海街道科技园',
  departureDate: '2026-11-18',
  arrivalDate: '2026-11-19',
  transport: 'train',
  transportDetail: 'G1234',
  viaRiskArea: false,
  healthCode: 'green',
  symptoms: [],
  temperature: 36.5,
  nucleicTest: 'negative',
  nucleicTestDate: '2026-11-17',
  closeContact: false,
  companions: 1,
  note: '下午三点左右到村口。',
  consent: true,
  submissionId: SUBMISSION_ID,
  website: '',
} as const;

type Input = Record<string, unknown>;

function withFields(changes: Input, drop: readonly string[] = []): Input {
  return Object.fromEntries(
    Object.entries({ ...VALID, ...changes }).filter(([key]) => !drop.includes(key)),
  );
}

/** The parsed declaration; fails the test with the issues when it does not parse. */
function accepted(changes: Input = {}, drop: readonly string[] = []) {
  const result = schema.safeParse(withFields(changes, drop));
  if (!result.success) expect.fail(JSON.stringify(declarationIssues(result.error)));
  return result.data;
}

/** The issues of an input that must fail, as the API and the island list them. */
function issues(input: unknown, parse = schema) {
  const result = parse.safeParse(input);
  if (result.success) expect.fail('expected the declaration to be refused');
  return declarationIssues(result.error);
}

/** The one message shown for `field` when the changed declaration is sent. */
function messageFor(field: string, changes: Input, drop: readonly string[] = []) {
  return issues(withFields(changes, drop)).find((issue) => issue.path === field)?.message;
}

describe('a complete declaration', () => {
  test('is accepted and comes out normalised in form order, without the honeypot', () => {
    expect(Object.keys(accepted())).toEqual(
      Object.keys(FIELD_LABELS).filter((field) => field !== 'website'),
    );
  });

  test('comes out with typed full-width, spaced and lowercase values cleaned up', () => {
    const data = accepted({
      name: '  陈晓明 ',
      idNumber: `${ID_NUMBER.slice(0, 6)} ${ID_NUMBER.slice(6, 14)} ${ID_NUMBER.slice(14)}`,
      phone: '+86 138-1234-5678',
      addressDetail: '东山村一组１２号\u3000',
      originRegion: '４４０３０５',
      arrivalDate: '２０２６／１１／１９',
      transportDetail: ' g１２３４ ',
      submissionId: SUBMISSION_ID.toUpperCase(),
    });
    expect(data).toMatchObject({
      name: '陈晓明',
      idNumber: ID_NUMBER,
      phone: '13812345678',
      addressDetail: '东山村一组12号',
      originRegion: '440305',
      arrivalDate: '2026-11-19',
      transportDetail: 'G1234',
      submissionId: SUBMISSION_ID,
    });
  });

  test('accepts the smallest declaration and fills in the defaults', () => {
    const data = accepted({ nucleicTest: 'none' }, [
      'idType',
      'originDetail',
      'symptoms',
      'temperature',
      'nucleicTestDate',
      'companions',
      'note',
      'submissionId',
      'website',
    ]);
    expect(data).toMatchObject({ idType: 'resident_id', symptoms: [], companions: 0 });
    expect(data).not.toHaveProperty('temperature');
    expect(data).not.toHaveProperty('nucleicTestDate');
  });

  test('refuses a body that is not an object', () => {
    for (const body of [null, undefined, 'name=张三', [VALID], 42]) {
      expect(issues(body)).toMatchInlineSnapshot(`
        [
          {
            "message": "请填写报备信息",
            "path": "",
          },
        ]
      `);
    }
  });

  test('names at most three unknown fields, each cut short', () => {
    const many = withFields({ ['x'.repeat(30)]: 1, a: 2, b: 3, c: 4 });
    expect(issues(many)[0]?.message).toMatchInlineSnapshot(
      `"表单里有本站不认识的项目（xxxxxxxxxxxxxxxxxxxx…、a、b 等），请刷新页面后重新填写"`,
    );
  });

  test('refuses unknown fields and names them', () => {
    expect(issues(withFields({ idCard: '1', extra: true }))).toMatchInlineSnapshot(`
      [
        {
          "message": "表单里有本站不认识的项目（idCard、extra），请刷新页面后重新填写",
          "path": "",
        },
      ]
    `);
  });
});

describe('name', () => {
  test.each([
    ['张三', '张三'],
    ['𠮷田', '𠮷田'],
    ['王𬱖', '王𬱖'],
    ['买买提·艾力', '买买提·艾力'],
    ['阿依古丽·吐尔逊', '阿依古丽·吐尔逊'],
    ['买买提•艾力', '买买提·艾力'],
    ['买买提・艾力', '买买提·艾力'],
    ['买买提．艾力', '买买提·艾力'],
    ['买买提.艾力', '买买提·艾力'],
    ['阿依古丽.吐尔逊.买买提', '阿依古丽·吐尔逊·买买提'],
    ['John Smith', 'John Smith'],
    ['John   Smith', 'John Smith'],
    ['Ｊｏｈｎ　Ｓｍｉｔｈ', 'John Smith'],
    ['José Müller', 'José Müller'],
    ["Mary-Jane O'Neil", "Mary-Jane O'Neil"],
    ['Jose\u0301', 'José'],
    ['〇', '〇'],
  ])('accepts %j as %j', (name, expected) => {
    expect(accepted({ name }).name).toBe(expected);
  });

  test('accepts 40 characters outside the BMP, which are 80 UTF-16 units', () => {
    const name = '𠮷'.repeat(40);
    expect(name).toHaveLength(80);
    expect(accepted({ name }).name).toBe(name);
  });

  test('refuses 41 characters with the limit in the message', () => {
    expect(messageFor('name', { name: '张'.repeat(41) })).toMatchInlineSnapshot(
      `"姓名不能超过40个字"`,
    );
  });

  test('asks for a name when it is missing, empty or only spaces', () => {
    expect(messageFor('name', {}, ['name'])).toMatchInlineSnapshot(`"请填写姓名"`);
    expect(messageFor('name', { name: '' })).toBe('请填写姓名');
    expect(messageFor('name', { name: ' \u3000 ' })).toBe('请填写姓名');
  });

  test('refuses digits, punctuation and emoji with the same explanation', () => {
    expect(messageFor('name', { name: '张三1' })).toMatchInlineSnapshot(
      `"姓名只能包含汉字、英文字母、空格和“·”，请核对"`,
    );
    for (const name of ['张三！', '张三😀', '<script>', 'Ivan Петров']) {
      expect(messageFor('name', { name })).toBe('姓名只能包含汉字、英文字母、空格和“·”，请核对');
    }
  });

  test('refuses a dot at the start or end and two dots in a row', () => {
    for (const name of ['·艾力', '买买提·', '买买提··艾力', '买买提..艾力', 'John.Smith']) {
      expect(messageFor('name', { name })).toBe('姓名只能包含汉字、英文字母、空格和“·”，请核对');
    }
  });

  test('refuses a number instead of text', () => {
    expect(messageFor('name', { name: 123 })).toBe('请填写姓名');
  });
});

describe('idType and idNumber', () => {
  test.each(ID_TYPES.filter((type) => type !== 'resident_id'))(
    'accepts a %s number of letters and digits, upper-cased',
    (idType) => {
      expect(accepted({ idType, idNumber: 'e1234567８' }).idNumber).toBe('E12345678');
    },
  );

  test('accepts a lowercase x as the check digit', () => {
    const idNumber = residentId('11010519491231002');
    expect(idNumber).toBe('11010519491231002X');
    expect(accepted({ idNumber: idNumber.toLowerCase() }).idNumber).toBe(idNumber);
  });

  test('accepts numbers with every check character', () => {
    for (let sequence = 100; sequence < 140; sequence += 1) {
      const idNumber = residentId(`42010319850615${sequence}`);
      expect(accepted({ idNumber }).idNumber).toBe(idNumber);
    }
  });

  test('refuses an unknown document type', () => {
    expect(messageFor('idType', { idType: 'driving_licence' })).toMatchInlineSnapshot(
      `"请选择证件类型"`,
    );
  });

  test('asks for the number by the name of the document', () => {
    expect(messageFor('idNumber', {}, ['idNumber'])).toMatchInlineSnapshot(`"请填写身份证号码"`);
    expect(messageFor('idNumber', { idNumber: '' })).toBe('请填写身份证号码');
    expect(messageFor('idNumber', { idType: 'passport', idNumber: ' ' })).toMatchInlineSnapshot(
      `"请填写护照号码"`,
    );
    expect(
      messageFor('idNumber', { idType: 'hk_macao_permit', idNumber: '' }),
    ).toMatchInlineSnapshot(`"请填写港澳居民来往内地通行证号码"`);
  });

  test('says how long a resident ID number must be', () => {
    expect(messageFor('idNumber', { idNumber: ID_NUMBER.slice(0, 17) })).toMatchInlineSnapshot(
      `"身份证号码应为18位，现在是17位，请核对"`,
    );
    expect(messageFor('idNumber', { idNumber: `${ID_NUMBER}1` })).toMatchInlineSnapshot(
      `"身份证号码应为18位，现在是19位，请核对"`,
    );
  });

  test('says a wrong check digit is wrong', () => {
    const wrong = `${ID_NUMBER.slice(0, 17)}${ID_NUMBER.endsWith('0') ? '1' : '0'}`;
    expect(messageFor('idNumber', { idNumber: wrong })).toMatchInlineSnapshot(
      `"身份证号码最后一位校验码不对，请核对"`,
    );
  });

  test('says 29 February 1900 is not a real birth date', () => {
    expect(
      messageFor('idNumber', { idNumber: residentId('11010119000229001') }),
    ).toMatchInlineSnapshot(`"身份证号码第7到14位是出生日期，现在不是真实的日期，请核对"`);
  });

  test('says a birth date after today is impossible', () => {
    expect(
      messageFor('idNumber', { idNumber: residentId('11010120261121001') }),
    ).toMatchInlineSnapshot(`"身份证号码里的出生日期晚于今天，请核对"`);
  });

  test('accepts a baby born today', () => {
    const idNumber = residentId('11010120261120001');
    expect(accepted({ idNumber }).idNumber).toBe(idNumber);
  });

  test('refuses letters inside a resident ID number and unknown provinces', () => {
    expect(messageFor('idNumber', { idNumber: '3301061990O307123X' })).toMatchInlineSnapshot(
      `"身份证号码只能由数字组成，最后一位可以是X，请核对"`,
    );
    expect(
      messageFor('idNumber', { idNumber: residentId('99010619900307123') }),
    ).toMatchInlineSnapshot(`"身份证号码前两位不是省份代码，请核对"`);
  });

  test('refuses passport numbers that are too short, too long or contain symbols', () => {
    expect(messageFor('idNumber', { idType: 'passport', idNumber: 'E123' })).toMatchInlineSnapshot(
      `"护照号码应为5到20位字母或数字，请核对"`,
    );
    expect(messageFor('idNumber', { idType: 'passport', idNumber: 'E'.repeat(21) })).toBe(
      '护照号码应为5到20位字母或数字，请核对',
    );
    expect(
      messageFor('idNumber', { idType: 'passport', idNumber: 'E1234/5678' }),
    ).toMatchInlineSnapshot(`"护照号码只能包含字母和数字，请核对"`);
  });

  test('checks a resident ID number as a passport number once the type is passport', () => {
    expect(accepted({ idType: 'passport', idNumber: '330106199003071230' }).idNumber).toBe(
      '330106199003071230',
    );
  });
});

describe('phone', () => {
  test.each([
    '13812345678',
    '138 1234 5678',
    '138-1234-5678',
    '+8613812345678',
    '+86 138 1234 5678',
    '008613812345678',
    '0086 138 1234 5678',
    '8613812345678',
    '１３８１２３４５６７８',
    '＋８６　１３８－１２３４－５６７８',
  ])('accepts %j as 13812345678', (phone) => {
    expect(accepted({ phone }).phone).toBe('13812345678');
  });

  test('asks for a phone number when it is missing or empty', () => {
    expect(messageFor('phone', {}, ['phone'])).toMatchInlineSnapshot(`"请填写手机号码"`);
    expect(messageFor('phone', { phone: ' ' })).toBe('请填写手机号码');
  });

  test('says how many digits were typed when the length is wrong', () => {
    expect(messageFor('phone', { phone: '1381234567' })).toMatchInlineSnapshot(
      `"手机号码应为11位，现在是10位，请核对"`,
    );
  });

  test('refuses a landline, a foreign number and 12x numbers', () => {
    expect(messageFor('phone', { phone: '0571-63801000' })).toMatchInlineSnapshot(
      `"请填写中国大陆手机号码：11位，以13到19开头"`,
    );
    expect(messageFor('phone', { phone: '+852 6123 4567' })).toBe(
      '请填写中国大陆手机号码：11位，以13到19开头',
    );
    expect(messageFor('phone', { phone: '12812345678' })).toBe(
      '请填写中国大陆手机号码：11位，以13到19开头',
    );
  });

  test('refuses a number in a block not issued for mobile phones, naming its prefix', () => {
    expect(messageFor('phone', { phone: '149 1234 5678' })).toMatchInlineSnapshot(
      `"149开头的号码不是在用的手机号段，请核对手机号码"`,
    );
  });

  test('names the longer prefix where part of a block is in use, never the block in use', () => {
    // 1610… is issued, so a 161 number is refused for its fourth digit, not its first three.
    expect(messageFor('phone', { phone: '16111111111' })).toBe(
      '1611开头的号码不是在用的手机号段，请核对手机号码',
    );
    expect(messageFor('phone', { phone: '17406123456' })).toBe(
      '17406开头的号码不是在用的手机号段，请核对手机号码',
    );
    expect(accepted({ phone: '16101234567' }).phone).toBe('16101234567');
  });

  test('refuses letters', () => {
    expect(messageFor('phone', { phone: '138abcd5678' })).toMatchInlineSnapshot(
      `"手机号码只能包含数字，请核对"`,
    );
  });
});

describe('areaId and addressDetail', () => {
  test.each(AREA_IDS)('accepts the area %s', (areaId) => {
    expect(accepted({ areaId }).areaId).toBe(areaId);
  });

  test('refuses an area that is not in community.yaml', () => {
    expect(messageFor('areaId', { areaId: 'beishan-9' })).toMatchInlineSnapshot(
      `"请选择居住的小区或村民小组"`,
    );
    expect(messageFor('areaId', {}, ['areaId'])).toBe('请选择居住的小区或村民小组');
  });

  test('accepts an address of 100 characters and refuses 101', () => {
    expect(accepted({ addressDetail: '号'.repeat(100) }).addressDetail).toHaveLength(100);
    expect(messageFor('addressDetail', { addressDetail: '号'.repeat(101) })).toMatchInlineSnapshot(
      `"详细地址不能超过100个字"`,
    );
  });

  test('asks for the address with an example', () => {
    expect(messageFor('addressDetail', { addressDetail: '' })).toMatchInlineSnapshot(
      `"请填写详细地址，例如：3栋2单元501"`,
    );
  });
});

describe('originRegion and originDetail', () => {
  test.each(['440000', '440300', '440305', '110105', '429004', '810000'])(
    'accepts the GB/T 2260 code %s',
    (originRegion) => {
      expect(accepted({ originRegion }).originRegion).toBe(originRegion);
    },
  );

  test('refuses codes that are not in the table', () => {
    expect(messageFor('originRegion', { originRegion: '440399' })).toMatchInlineSnapshot(
      `"没有找到这个地区，请重新选择省、市、区县"`,
    );
    for (const originRegion of ['4403', '深圳', '110100', 440305]) {
      expect(messageFor('originRegion', { originRegion })).toBeDefined();
    }
  });

  test('asks where the person comes from when it is empty', () => {
    expect(messageFor('originRegion', { originRegion: '' })).toMatchInlineSnapshot(
      `"请选择从哪里来（省、市、区县）"`,
    );
  });

  test('uses the region check it is given, so the browser can check against one province', () => {
    const onlyGuangdong = createDeclarationSchema({
      areaIds: AREA_IDS,
      today: TODAY,
      isKnownRegion: (code) => code.startsWith('44'),
    });
    expect(onlyGuangdong.safeParse(withFields({ originRegion: '440305' })).success).toBe(true);
    expect(onlyGuangdong.safeParse(withFields({ originRegion: '420103' })).success).toBe(false);
  });

  test('drops an empty originDetail and refuses more than 100 characters', () => {
    expect(accepted({ originDetail: '  ' })).not.toHaveProperty('originDetail');
    expect(messageFor('originDetail', { originDetail: '街'.repeat(101) })).toMatchInlineSnapshot(
      `"街道或工作单位不能超过100个字"`,
    );
  });
});

describe('dates', () => {
  test('accepts an arrival exactly 14 days ago and exactly 14 days ahead', () => {
    expect(accepted({ departureDate: '2026-11-06', arrivalDate: '2026-11-06' }).arrivalDate).toBe(
      '2026-11-06',
    );
    expect(accepted({ departureDate: '2026-12-04', arrivalDate: '2026-12-04' }).arrivalDate).toBe(
      '2026-12-04',
    );
  });

  test('refuses an arrival 15 days ago or 15 days ahead, naming the limit', () => {
    expect(
      messageFor('arrivalDate', { departureDate: '2026-11-05', arrivalDate: '2026-11-05' }),
    ).toMatchInlineSnapshot(`"到达日期不能早于2026年11月6日（14天前）"`);
    expect(
      messageFor('arrivalDate', { departureDate: '2026-12-05', arrivalDate: '2026-12-05' }),
    ).toMatchInlineSnapshot(`"到达日期不能晚于2026年12月4日，请在到达前14天内报备"`);
  });

  test('counts days in Asia/Shanghai: 23:59 there is still the same day, 00:00 the next', () => {
    // 2026-11-20 23:59 in Shanghai is 15:59 UTC; one minute later it is 21 November there.
    const lastMinute = shanghaiDate(new Date('2026-11-20T15:59:00Z'));
    const nextDay = shanghaiDate(new Date('2026-11-20T16:00:00Z'));
    expect([lastMinute, nextDay]).toEqual(['2026-11-20', '2026-11-21']);
    const at = (today: string) =>
      createDeclarationSchema({ areaIds: AREA_IDS, today, isKnownRegion });
    const early = withFields({ departureDate: '2026-11-06', arrivalDate: '2026-11-06' });
    expect(at(lastMinute).safeParse(early).success).toBe(true);
    expect(at(nextDay).safeParse(early).success).toBe(false);
    const ahead = withFields({ departureDate: '2026-12-05', arrivalDate: '2026-12-05' });
    expect(at(lastMinute).safeParse(ahead).success).toBe(false);
    expect(at(nextDay).safeParse(ahead).success).toBe(true);
  });

  test('counts days in Asia/Shanghai across midnight UTC as well', () => {
    // 08:00 in Shanghai is midnight UTC: the Shanghai date must not fall back a day before it.
    expect(shanghaiDate(new Date('2026-11-19T23:59:00Z'))).toBe('2026-11-20');
    expect(shanghaiDate(new Date('2026-11-19T15:59:59Z'))).toBe('2026-11-19');
  });

  test('accepts dates typed with slashes, dots or 年月日 and writes them YYYY-MM-DD', () => {
    expect(accepted({ departureDate: '2026/11/8', arrivalDate: '2026.11.9' })).toMatchObject({
      departureDate: '2026-11-08',
      arrivalDate: '2026-11-09',
    });
    expect(accepted({ arrivalDate: '2026年11月19日' }).arrivalDate).toBe('2026-11-19');
  });

  test('refuses dates that do not exist or are not dates', () => {
    expect(messageFor('arrivalDate', { arrivalDate: '2026-02-30' })).toMatchInlineSnapshot(
      `"到达日期要写成“年-月-日”，例如 2026-11-20"`,
    );
    expect(messageFor('departureDate', { departureDate: '昨天' })).toMatchInlineSnapshot(
      `"出发日期要写成“年-月-日”，例如 2026-11-20"`,
    );
  });

  test('asks for missing dates', () => {
    expect(messageFor('departureDate', {}, ['departureDate'])).toMatchInlineSnapshot(
      `"请填写出发日期"`,
    );
    expect(messageFor('arrivalDate', { arrivalDate: '' })).toMatchInlineSnapshot(
      `"请填写到达日期"`,
    );
  });

  test('accepts a departure on the arrival day and refuses one after it', () => {
    expect(accepted({ departureDate: '2026-11-19' }).departureDate).toBe('2026-11-19');
    expect(messageFor('departureDate', { departureDate: '2026-11-20' })).toMatchInlineSnapshot(
      `"出发日期不能晚于到达日期"`,
    );
  });

  test('accepts a departure long before the arrival (people stop on the way)', () => {
    expect(accepted({ departureDate: '2026-10-01' }).departureDate).toBe('2026-10-01');
  });
});

describe('transport', () => {
  test.each(TRANSPORTS)('accepts %s', (transport) => {
    expect(accepted({ transport }).transport).toBe(transport);
  });

  test('refuses an unknown means of transport', () => {
    expect(messageFor('transport', { transport: 'bike' })).toMatchInlineSnapshot(
      `"请选择交通方式"`,
    );
  });

  test('asks for the train number on a train and the flight number on a plane', () => {
    expect(
      messageFor('transportDetail', { transport: 'train' }, ['transportDetail']),
    ).toMatchInlineSnapshot(`"请填写车次，例如：G1234"`);
    expect(
      messageFor('transportDetail', { transport: 'plane', transportDetail: ' ' }),
    ).toMatchInlineSnapshot(`"请填写航班号，例如：MU5101"`);
  });

  test('does not ask for details of a car, bus, ship or other journey', () => {
    for (const transport of ['car', 'bus', 'ship', 'other']) {
      expect(accepted({ transport }, ['transportDetail'])).not.toHaveProperty('transportDetail');
    }
    expect(accepted({ transport: 'car', transportDetail: '浙a12345' }).transportDetail).toBe(
      '浙A12345',
    );
  });

  test('refuses details of more than 40 characters', () => {
    expect(
      messageFor('transportDetail', { transportDetail: 'G'.repeat(41) }),
    ).toMatchInlineSnapshot(`"车次、航班号或车牌号不能超过40个字"`);
  });
});

describe('yes/no questions', () => {
  test.each(['viaRiskArea', 'closeContact'])('accepts true and false for %s', (field) => {
    expect(accepted({ [field]: true })[field as 'viaRiskArea']).toBe(true);
    expect(accepted({ [field]: false })[field as 'viaRiskArea']).toBe(false);
  });

  test('refuses strings and missing answers in JSON', () => {
    expect(messageFor('viaRiskArea', { viaRiskArea: 'false' })).toMatchInlineSnapshot(
      `"请选择是否途经中高风险地区"`,
    );
    expect(messageFor('closeContact', {}, ['closeContact'])).toMatchInlineSnapshot(
      `"请选择是否为密切接触者"`,
    );
  });

  test('requires consent to be true', () => {
    expect(messageFor('consent', { consent: false })).toMatchInlineSnapshot(
      `"请阅读个人信息处理说明，并勾选同意"`,
    );
    expect(messageFor('consent', {}, ['consent'])).toBe('请阅读个人信息处理说明，并勾选同意');
    expect(messageFor('consent', { consent: 'on' })).toBe('请阅读个人信息处理说明，并勾选同意');
  });
});

describe('healthCode, symptoms and temperature', () => {
  test.each(HEALTH_CODES)('accepts the health code %s', (healthCode) => {
    expect(accepted({ healthCode }).healthCode).toBe(healthCode);
  });

  test('refuses an unknown health code', () => {
    expect(messageFor('healthCode', { healthCode: 'blue' })).toMatchInlineSnapshot(
      `"请选择健康码颜色"`,
    );
  });

  test.each(SYMPTOMS)('accepts the symptom %s', (symptom) => {
    expect(accepted({ symptoms: [symptom] }).symptoms).toEqual([symptom]);
  });

  test('accepts all symptoms at once and drops repeats', () => {
    expect(accepted({ symptoms: [...SYMPTOMS, 'fever'] }).symptoms).toEqual([...SYMPTOMS]);
  });

  test('refuses an unknown symptom under the symptoms field', () => {
    expect(issues(withFields({ symptoms: ['fever', 'headache'] }))).toMatchInlineSnapshot(`
      [
        {
          "message": "请从列表中选择症状",
          "path": "symptoms",
        },
      ]
    `);
    expect(messageFor('symptoms', { symptoms: 'fever' })).toBe('请从列表中选择症状');
  });

  test('accepts 35.0 and 42.0 and refuses just outside them', () => {
    expect(accepted({ temperature: 35 }).temperature).toBe(35);
    expect(accepted({ temperature: 42 }).temperature).toBe(42);
    expect(messageFor('temperature', { temperature: 34.9 })).toMatchInlineSnapshot(
      `"体温要在35.0到42.0℃之间，请核对"`,
    );
    expect(messageFor('temperature', { temperature: 42.1 })).toBe(
      '体温要在35.0到42.0℃之间，请核对',
    );
  });

  test('refuses a temperature that is not a number', () => {
    expect(messageFor('temperature', { temperature: '36.5' })).toMatchInlineSnapshot(
      `"体温要填数字，例如：36.5"`,
    );
    expect(messageFor('temperature', { temperature: Number.NaN })).toBe('体温要填数字，例如：36.5');
  });
});

describe('nucleicTest and nucleicTestDate', () => {
  test.each(NUCLEIC_TESTS.filter((state) => state !== 'none'))(
    'accepts %s with a test date',
    (nucleicTest) => {
      expect(accepted({ nucleicTest }).nucleicTest).toBe(nucleicTest);
    },
  );

  test('asks for the test date unless there was no test', () => {
    expect(messageFor('nucleicTestDate', {}, ['nucleicTestDate'])).toMatchInlineSnapshot(
      `"请填写核酸检测日期"`,
    );
    expect(accepted({ nucleicTest: 'none' }, ['nucleicTestDate']).nucleicTest).toBe('none');
  });

  test('drops a date left over after choosing no test', () => {
    expect(accepted({ nucleicTest: 'none' })).not.toHaveProperty('nucleicTestDate');
  });

  test('accepts a test today and refuses one tomorrow', () => {
    expect(accepted({ nucleicTestDate: TODAY }).nucleicTestDate).toBe(TODAY);
    expect(messageFor('nucleicTestDate', { nucleicTestDate: '2026-11-21' })).toMatchInlineSnapshot(
      `"核酸检测日期不能晚于今天"`,
    );
  });

  test('refuses an unknown test state', () => {
    expect(messageFor('nucleicTest', { nucleicTest: 'unknown' })).toMatchInlineSnapshot(
      `"请选择核酸检测情况"`,
    );
  });
});

describe('companions, note, submissionId and website', () => {
  test('accepts 0 to 20 companions and refuses anything else', () => {
    expect(accepted({ companions: 0 }).companions).toBe(0);
    expect(accepted({ companions: 20 }).companions).toBe(20);
    expect(messageFor('companions', { companions: 21 })).toMatchInlineSnapshot(
      `"同行人数要填0到20之间的整数"`,
    );
    for (const companions of [-1, 1.5, '2']) {
      expect(messageFor('companions', { companions })).toBe('同行人数要填0到20之间的整数');
    }
  });

  test('accepts a note of 500 characters and refuses 501', () => {
    expect(accepted({ note: '好'.repeat(500) }).note).toHaveLength(500);
    expect(messageFor('note', { note: '好'.repeat(501) })).toMatchInlineSnapshot(
      `"备注不能超过500个字"`,
    );
  });

  test('refuses a submissionId that is not a UUID', () => {
    expect(messageFor('submissionId', { submissionId: 'abc' })).toMatchInlineSnapshot(
      `"提交编号不对，请刷新页面后重新提交"`,
    );
  });

  test('accepts whatever the honeypot holds and drops it: the Worker decides what a filled one means', () => {
    for (const website of ['', ' ', 'http://spam.example', false, 0, []]) {
      expect(accepted({ website })).not.toHaveProperty('website');
    }
    expect(accepted({}, ['website'])).not.toHaveProperty('website');
  });
});

describe('isHoneypotFilled', () => {
  test('is false when the honeypot is absent, empty, spaces or not text', () => {
    expect(isHoneypotFilled({})).toBe(false);
    expect(isHoneypotFilled({ website: '' })).toBe(false);
    expect(isHoneypotFilled({ website: '  ' })).toBe(false);
    for (const website of [false, 0, 1, [], ['x'], null, { a: 1 }]) {
      expect(isHoneypotFilled({ website })).toBe(false);
    }
    expect(isHoneypotFilled(null)).toBe(false);
    expect(isHoneypotFilled('website=x')).toBe(false);
  });

  test('is true when text is in it', () => {
    expect(isHoneypotFilled({ website: 'http://spam.example' })).toBe(true);
    expect(isHoneypotFilled(formToObject([['website', 'x']]))).toBe(true);
  });
});

describe('declarationIssues', () => {
  test('lists every problem in form order, cross-field ones included, one per field', () => {
    const input = withFields(
      {
        name: '',
        idNumber: '12345',
        phone: '0571',
        departureDate: '2026-11-20',
        transport: 'plane',
        symptoms: ['cough', 'headache'],
        consent: false,
      },
      ['transportDetail', 'nucleicTestDate', 'areaId'],
    );
    expect(issues(input)).toMatchInlineSnapshot(`
      [
        {
          "message": "请填写姓名",
          "path": "name",
        },
        {
          "message": "身份证号码应为18位，现在是5位，请核对",
          "path": "idNumber",
        },
        {
          "message": "请填写中国大陆手机号码：11位，以13到19开头",
          "path": "phone",
        },
        {
          "message": "请选择居住的小区或村民小组",
          "path": "areaId",
        },
        {
          "message": "出发日期不能晚于到达日期",
          "path": "departureDate",
        },
        {
          "message": "请填写航班号，例如：MU5101",
          "path": "transportDetail",
        },
        {
          "message": "请从列表中选择症状",
          "path": "symptoms",
        },
        {
          "message": "请填写核酸检测日期",
          "path": "nucleicTestDate",
        },
        {
          "message": "请阅读个人信息处理说明，并勾选同意",
          "path": "consent",
        },
      ]
    `);
  });

  test('puts a problem with the whole form first', () => {
    const result = issues(withFields({ phone: '', unknown: 'x' }));
    expect(result.map((issue) => issue.path)).toEqual(['', 'phone']);
  });

  test('keeps the first message of a field with several problems', () => {
    expect(
      declarationIssues({
        issues: [
          { path: ['note'], message: '第二' },
          { path: ['name'], message: '第一' },
          { path: ['name'], message: '不显示' },
        ],
      }),
    ).toEqual([
      { path: 'name', message: '第一' },
      { path: 'note', message: '第二' },
    ]);
  });

  test('never shows an English or generic message for any field', () => {
    const everyFieldWrong = Object.fromEntries(
      Object.keys(FIELD_LABELS).map((field) => [field, { wrong: true }]),
    );
    const list = issues(everyFieldWrong);
    // The honeypot never has a message: a person must not be told about it.
    expect(list.map((issue) => issue.path)).toEqual(
      Object.keys(FIELD_LABELS).filter((field) => field !== 'website'),
    );
    for (const { message } of list) {
      expect(message).toMatch(/[\u4e00-\u9fff]/);
      expect(message).not.toMatch(/Invalid|expected|非法|无效|格式错误/);
    }
  });
});

describe('formToObject', () => {
  test('turns a no-JS form post into the object the schema accepts', () => {
    const body = new URLSearchParams({
      name: '陈晓明',
      idType: 'resident_id',
      idNumber: ID_NUMBER,
      phone: '138 1234 5678',
      areaId: 'dongshan-1',
      addressDetail: '东山村一组12号',
      originRegion: '440305',
      originDetail: '',
      departureDate: '2026-11-18',
      arrivalDate: '2026-11-19',
      transport: 'train',
      transportDetail: 'G1234',
      viaRiskArea: 'false',
      healthCode: 'green',
      temperature: '３６．５',
      nucleicTest: 'negative',
      nucleicTestDate: '2026-11-17',
      companions: '2',
      note: '',
      consent: 'on',
      website: '',
    });
    body.append('symptoms', 'cough');
    body.append('symptoms', 'fatigue');
    const object = formToObject(body);
    expect(object).toMatchInlineSnapshot(`
      {
        "addressDetail": "东山村一组12号",
        "areaId": "dongshan-1",
        "arrivalDate": "2026-11-19",
        "closeContact": false,
        "companions": 2,
        "consent": true,
        "departureDate": "2026-11-18",
        "healthCode": "green",
        "idNumber": "330106199003071236",
        "idType": "resident_id",
        "name": "陈晓明",
        "nucleicTest": "negative",
        "nucleicTestDate": "2026-11-17",
        "originRegion": "440305",
        "phone": "138 1234 5678",
        "symptoms": [
          "cough",
          "fatigue",
        ],
        "temperature": 36.5,
        "transport": "train",
        "transportDetail": "G1234",
        "viaRiskArea": false,
      }
    `);
    expect(schema.safeParse(object).success).toBe(true);
  });

  test.each([
    ['on', true],
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads the boolean %j as %s', (value, expected) => {
    expect(formToObject([['closeContact', value]])['closeContact']).toBe(expected);
  });

  test('reads an absent boolean as false', () => {
    expect(formToObject([])).toEqual({ viaRiskArea: false, closeContact: false, consent: false });
  });

  test('passes an unreadable boolean on for the schema to refuse', () => {
    const object = formToObject([['viaRiskArea', 'maybe']]);
    expect(object['viaRiskArea']).toBe('maybe');
    expect(issues(object).find((issue) => issue.path === 'viaRiskArea')?.message).toBe(
      '请选择是否途经中高风险地区',
    );
  });

  test('collects a repeated symptoms key into a list and skips empty ones', () => {
    expect(
      formToObject([
        ['symptoms', 'fever'],
        ['symptoms', ''],
        ['symptoms', 'cough'],
      ])['symptoms'],
    ).toEqual(['fever', 'cough']);
  });

  test('reads numbers, full-width included, and passes text on for the schema to refuse', () => {
    expect(formToObject([['temperature', '37.3']])['temperature']).toBe(37.3);
    expect(formToObject([['companions', '０']])['companions']).toBe(0);
    expect(formToObject([['temperature', '三十七度']])['temperature']).toBe('三十七度');
  });

  test('leaves empty optional fields out', () => {
    const object = formToObject([
      ['note', ''],
      ['originDetail', '  '],
      ['temperature', ''],
      ['submissionId', ''],
    ]);
    expect(Object.keys(object).sort()).toEqual(['closeContact', 'consent', 'viaRiskArea']);
  });

  test('keeps the first value of a repeated single field', () => {
    expect(
      formToObject([
        ['name', '张三'],
        ['name', '李四'],
      ])['name'],
    ).toBe('张三');
  });

  test('keeps keys named like object internals so the schema refuses them too', () => {
    const object = formToObject([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    expect(Object.keys(object)).toEqual([
      '__proto__',
      'constructor',
      'viaRiskArea',
      'closeContact',
      'consent',
    ]);
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(issues(object)[0]?.message).toBe(
      '表单里有本站不认识的项目（__proto__、constructor），请刷新页面后重新填写',
    );
  });

  test('keeps unknown keys so the schema refuses them', () => {
    const object = formToObject([['isAdmin', 'true']]);
    expect(object['isAdmin']).toBe('true');
    expect(issues(object)[0]).toMatchInlineSnapshot(`
      {
        "message": "表单里有本站不认识的项目（isAdmin），请刷新页面后重新填写",
        "path": "",
      }
    `);
  });
});

describe('labels', () => {
  test('name every enum value in Chinese', () => {
    expect(Object.keys(ID_TYPE_LABELS)).toEqual([...ID_TYPES]);
    expect(Object.keys(TRANSPORT_LABELS)).toEqual([...TRANSPORTS]);
    expect(Object.keys(HEALTH_CODE_LABELS)).toEqual([...HEALTH_CODES]);
    expect(Object.keys(SYMPTOM_LABELS)).toEqual([...SYMPTOMS]);
    expect(Object.keys(NUCLEIC_TEST_LABELS)).toEqual([...NUCLEIC_TESTS]);
  });

  test('name every field in Chinese, in the order of the schema', () => {
    expect(Object.keys(FIELD_LABELS)).toEqual(Object.keys(schema.shape));
    for (const label of Object.values(FIELD_LABELS)) expect(label).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('bundle', () => {
  // The form page's whole budget is measured by npm run bench; this catches a schema that pulls
  // in something big (the region table, classic zod) long before that.
  test('stays under 13.5 KB gzip with zod, so the form page keeps its 30 KB budget', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./declaration.ts', import.meta.url))],
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
    });
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toContain('湖北省');
    expect(gzipSync(code).length).toBeLessThan(13_500);
  });
});
