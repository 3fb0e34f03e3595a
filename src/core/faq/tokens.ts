/**
 * Text → tokens for FAQ matching, for Chinese and English alike: NFKC, lower case, punctuation
 * dropped; runs of CJK characters become character bigrams (a single character stays a
 * unigram), other runs become words with a light plural/-ing/-ed trim. Stop words carry no
 * meaning for matching ("how do I", "请问", "怎么").
 */
const cjk = /[\u3400-\u9fff\uf900-\ufaff]/u;
const stopWords = new Set([
  'a',
  'an',
  'the',
  'i',
  'my',
  'me',
  'we',
  'our',
  'you',
  'your',
  'it',
  'is',
  'are',
  'was',
  'be',
  'to',
  'of',
  'in',
  'on',
  'for',
  'and',
  'or',
  'do',
  'does',
  'did',
  'can',
  'could',
  'how',
  'what',
  'when',
  'where',
  'which',
  'why',
  'will',
  'would',
  'please',
  'with',
  'at',
  'this',
  'that',
  'there',
  'have',
  'has',
  'get',
  'hi',
  'hello',
  'any',
  'im',
  'about',
  'from',
  'by',
  'if',
  'so',
  'long',
]);
const stopBigrams = new Set([
  '请问',
  '怎么',
  '如何',
  '我的',
  '什么',
  '可以',
  '一下',
  '为什',
  '么办',
  '怎样',
  '你们',
  '是否',
  '吗？',
  '多久',
  '哪里',
  '哪些',
  '能不',
  '不能',
]);

export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 3 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * Chinese question forms and particles carry the asking, not the topic: "发票怎么开?" and
 * "怎么开发票" ask the same. They are cut out before n-grams are taken, so they neither count
 * nor glue the topic words into bigrams that no phrasing has ("票怎", "么开").
 */
const questionForms =
  /请问|怎么样|怎么办|怎么|如何|怎样|为什么|为啥|什么时候|什么|是否|能不能|可不可以|可以吗|有没有|吗|呢|吧|啊|呀|嘛|哪里|哪儿|哪/gu;
/** Characters too common to say anything on their own as unigrams. */
const stopChars = new Set([
  '我',
  '的',
  '你',
  '是',
  '了',
  '在',
  '有',
  '一',
  '个',
  '要',
  '想',
  '能',
  '会',
  '就',
  '也',
  '都',
  '和',
  '请',
  '么',
]);

export function tokens(text: string): string[] {
  const out: string[] = [];
  // A trailing 了 closes a question ("到哪了"), it is not part of the topic.
  const cut = normalise(text)
    .replace(questionForms, ' ')
    .replace(/了(?= |$)/gu, ' ');
  for (const run of cut.split(' ')) {
    if (!run) continue;
    // Split a run into CJK and non-CJK stretches ("api密钥" → "api", "密钥").
    for (const part of run.match(/[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+/gu) ?? []) {
      if (cjk.test(part)) {
        // Unigrams make the overlap indifferent to word order ("开发票" / "发票开"); bigrams
        // keep the words that order does make ("密码" over "码" and "密").
        for (const ch of part) if (!stopChars.has(ch)) out.push(ch);
        for (let i = 0; i + 1 < part.length; i++) {
          const bigram = part.slice(i, i + 2);
          if (!stopBigrams.has(bigram)) out.push(bigram);
        }
      } else if (!stopWords.has(part)) {
        out.push(stem(part));
      }
    }
  }
  return out;
}
