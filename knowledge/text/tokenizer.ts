import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { domainDictionary } from './domain-dictionary.js';
import { isCjk, normalizeForMatch } from './normalize.js';

/** Function words and question words that carry no retrieval signal. */
const STOPWORDS = new Set(
  (
    '的 了 是 吗 呢 吧 啊 呀 么 嘛 和 与 及 或 或者 以及 在 对 就 也 都 还 又 被 把 给 让 这 那 这个 那个 这些 那些 ' +
    '这样 那样 这边 那边 这里 那里 我 我们 你 你们 他 他们 她 它 其 之 于 以 为 从 到 由 向 上 下 中 里 等 ' +
    '有 没 没有 不 无 能 能否 可以 可 会 要 应 该 请问 请 问 一下 什么 啥 怎么 怎样 怎么样 如何 哪些 哪个 哪 ' +
    '多少 几 是否 是不是 算不算 算 不算 还是 到底 具体 一些 一个 个 么 指 呢 吗 哦 嗯 下来 起来 现在 那么 ' +
    '才能 才 时候 能不能 不能 可不可以 一般 需要 应该 最多 最少 几个 同时 发现 找 找谁 谁 哪个 哪儿 哪里 怎么办 咋 咋办 ' +
    '啥时候 什么时候 何时 为啥 为什么 干啥 啥样 咋样 啥意思 什么意思 ' +
    '限制 有什么 什么样 干嘛 得 地 着 过 呗 啦 哈 不用 要不要 有没有 行不行 搞 弄 整 样 里头 里面 外面 上面 下面 这种 那种 ' +
    'the a an of to and or is are'
  ).split(/\s+/),
);

let shared: Jieba | undefined;

/** One jieba instance per process: loading the dictionary takes ~0.3 s. */
export function jieba(): Jieba {
  if (!shared) {
    shared = Jieba.withDict(dict);
    shared.loadDict(domainDictionary());
  }
  return shared;
}

function isTokenWorthKeeping(t: string): boolean {
  return t.length > 0 && !STOPWORDS.has(t) && !/^[\p{P}\p{S}\s]+$/u.test(t);
}

/** Search-mode tokens (overlapping granularities, e.g. 除尘 + 除尘器), stopwords removed. */
export function tokenize(text: string): string[] {
  return jieba()
    .cutForSearch(normalizeForMatch(text), true)
    .map((t) => t.trim())
    .filter(isTokenWorthKeeping);
}

export function isStopword(t: string): boolean {
  return STOPWORDS.has(t);
}

/**
 * Non-overlapping dictionary words (jieba precise mode without HMM), stopwords removed: for judging what a
 * question is about. Without HMM an unknown stretch falls apart into single characters instead of
 * becoming an invented word (不修, 楼里) that would look rare and important.
 */
export function words(text: string): string[] {
  return jieba()
    .cut(normalizeForMatch(text), false)
    .map((t) => t.trim())
    .filter(isTokenWorthKeeping);
}

/**
 * `words`, plus each run of two or more single characters that are not function words, as one word: a
 * name the dictionary lacks (巴公镇, a brand) or a variant spelling (台帐) says what is asked even though no
 * article uses it, and dropping it would make the question look fully covered.
 */
export function wordsWithUnknownRuns(text: string): string[] {
  const out: string[] = [];
  let run = '';
  const flush = () => {
    if (run.length >= 2) out.push(run);
    run = '';
  };
  for (const raw of jieba().cut(normalizeForMatch(text), false)) {
    const t = raw.trim();
    if (t.length === 1 && isCjk(t) && !STOPWORDS.has(t)) {
      run += t;
      continue;
    }
    flush();
    if (isTokenWorthKeeping(t)) out.push(t);
  }
  flush();
  return out;
}
