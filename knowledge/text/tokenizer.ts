import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { domainDictionary } from './domain-dictionary.js';
import { normalizeForMatch } from './normalize.js';

/** Function words and question words that carry no retrieval signal. */
const STOPWORDS = new Set(
  (
    '的 了 是 吗 呢 吧 啊 呀 么 嘛 和 与 及 或 或者 以及 在 对 就 也 都 还 又 被 把 给 让 这 那 这个 那个 这些 那些 ' +
    '这样 那样 这边 那边 这里 那里 我 我们 你 你们 他 他们 她 它 其 之 于 以 为 从 到 由 向 上 下 中 里 等 ' +
    '有 没 没有 不 无 能 能否 可以 可 会 要 应 该 请问 请 问 一下 什么 啥 怎么 怎样 怎么样 如何 哪些 哪个 哪 ' +
    '多少 几 是否 是不是 算不算 算 不算 还是 到底 具体 一些 一个 个 么 指 呢 吗 哦 嗯 下来 起来 现在 那么 ' +
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

/** Non-overlapping words (jieba precise mode), stopwords removed: for judging what a question is about. */
export function words(text: string): string[] {
  return jieba()
    .cut(normalizeForMatch(text), true)
    .map((t) => t.trim())
    .filter(isTokenWorthKeeping);
}
