/**
 * Removes the politeness that petitions wrap around their substance: salutations
 * (尊敬的市长您好), thanks (谢谢，此致敬礼) and stock sentences (在百忙之中抽空阅读). Two
 * different petitions that share only such a frame must not look alike, so the frame is
 * removed before shingling. The rules are lexical and conservative: a greeting token is cut
 * out of its sentence, and only sentences made of pure pleasantry are dropped whole, so a
 * sentence like "您好，我是阳光花园的业主" keeps "我是阳光花园的业主".
 */

// Salutation at the very start: optional 尊敬的/敬爱的, an addressee of up to 16 chars that
// ends in an office or role word, then a separator or a 您好 (required, so that a sentence
// such as "感谢政府去年…" is not mistaken for an address).
const SALUTATION = new RegExp(
  '^(?:(?:尊敬|敬爱|亲爱)的)?[^，,。！!？?：:\\n]{0,16}?' +
    '(?:领导|书记|市长|县长|区长|省长|镇长|局长|主任|部长|厅长|同志|工作人员|负责人|政府|先生|女士|网友)们?' +
    '(?:[：:，,！!。\\s]+(?:(?:您|你)?们?好)?|(?:您|你)?们?好)[！!，,。：:\\s]*',
);

// Greeting and thanks tokens removed wherever they appear.
const TOKENS =
  /(?:各位领导|领导们?|大家)?(?:您|你)们?好[！!，,。：:～~]*|此致[，,\s]*敬礼[！!。]*|此致|敬礼[！!。]*|(?:非常|十分|万分)?(?:谢谢|感谢)(?:您|你们|各位领导|领导|政府)?(?:的(?:关注|支持|帮助))?[！!。～~]*$/g;

// Sentences that are pleasantry whatever else they hold (thanks for reading, sorry to
// disturb, wishing good health, asking for a reply, introducing oneself as an ordinary
// citizen).
const POLITE_SENTENCE =
  /百忙之中|打扰(?:您|了|一下)|冒昧|致以|祝(?:您|领导|各位)|辛苦了|身体健康|工作顺利|万事如意|盼复|望回复|盼回复|期待.{0,6}(?:回复|答复)|敬请.{0,4}(?:回复|答复)|请(?:尽快)?(?:回复|答复)|一名普通(?:的)?(?:市民|群众|百姓|居民|网友|公民)|普通(?:市民|群众|老百姓|百姓)|长期(?:以来)?关注|关心.{0,8}(?:发展|工作|建设)|感谢.{0,12}(?:关注|阅读|支持|付出|辛勤|工作|留言板|平台)/;

const SENTENCE_END = /(?<=[。！？!?；;\n])/;

/** A sentence longer than this is substance even if it contains a polite phrase. */
const MAX_POLITE_SENTENCE = 60;

/** Strips salutations, closings and pleasantry sentences; returns the remaining text. */
export function stripBoilerplate(text: string): string {
  const head = text.replace(SALUTATION, '');
  const kept = head
    .split(SENTENCE_END)
    .filter((s) => !(POLITE_SENTENCE.test(s) && s.length <= MAX_POLITE_SENTENCE))
    .map((s) => s.replace(TOKENS, ''));
  return kept.join('').trim();
}
