/** fast-check generators shared by the normalize tests (not a test file itself). */
import fc from 'fast-check';

/**
 * Simplified text, including the characters that a blanket T→S conversion damages
 * (乾县 → 干县, 么 → 幺, 后, 台, 里, 着, 坏 …). Chosen by hand, not from our classifier.
 */
export const SIMPLIFIED_WORDS = [
  '乾县', '乾坤', '乾隆', '破坏', '什么', '这么', '台湾', '后来', '皇后', '里面', '干部', '发展',
  '头发', '面条', '关系', '只有', '云南', '著名', '显著', '看着', '于是', '余下', '冲突', '征收',
  '我们', '网络', '县城', '问题', '反映', '投诉', '咨询', '长沙市', '杭州', '小区', '物业', '停车',
  '噪音', '扰民', '拖欠', '工资', '学校', '医院', '请求', '解决', '谢谢', '领导', '您好', '一坏',
  '钟表', '准确', '复杂', '范围', '丑陋', '历史', '松树', '蒙古', '制造', '出发', '游戏', '划船',
];
export const TRADITIONAL_WORDS = [
  '來自', '網路', '問題', '陝西乾縣', '天氣乾燥', '們', '這裡', '臺灣', '後來', '頭髮', '麵條',
  '關係', '衞生', '醫院', '學校', '請求', '解決', '謝謝', '領導', '噪音擾民', '停車', '物業',
  '說明', '發展', '著作', '麼', '裡面', '為什麼', 'reply', '資訊',
];
const PUNCT = ['，', '。', '！', '？', '：', '；', '（', '）', '「', '」', '、', '……', '——', '，，', '，。', '。。'];
const SPACES = [' ', '  ', '\u3000', '\u00A0', '\u200B', '\n', '\n\n\n', '\t', '\r\n'];
const LATIN = ['abc', 'A1', '2021', '(2021)', '（咨询）', 'ＡＢＣ', '１２３', '%', '&', 'x<y'];
const PINYIN = ['(lái)', '(wǎng)', '（lái）', '(lái zì)', '( wǎng )'];
const MARKUP = ["<label style='color:#D5313F'>", '</label>'];

/** Text built only from Simplified words, ASCII, punctuation and spacing. */
export const simplifiedText = fc
  .array(fc.constantFrom(...SIMPLIFIED_WORDS, ...PUNCT, ...LATIN, ' ', '\n'), { maxLength: 40 })
  .map((parts) => parts.join(''));

/** Messy board text: both scripts, pinyin notes, odd spaces, highlight markup. */
export const messyText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...SIMPLIFIED_WORDS),
      fc.constantFrom(...TRADITIONAL_WORDS),
      fc.constantFrom(...PUNCT),
      fc.constantFrom(...SPACES),
      fc.constantFrom(...LATIN),
      fc.constantFrom(...PINYIN),
      fc.constantFrom(...MARKUP),
    ),
    { maxLength: 50 },
  )
  .map((parts) => parts.join(''));

/** Han characters in order (the unit the "no Chinese character lost" property counts). */
export function hanChars(s: string): string[] {
  return s.match(/\p{Script=Han}/gu) ?? [];
}
