// The three regulations' files and the gold helpers the hand-written dev-set rounds share.
export const AQF = 'anquan-shengchan-fa-2021.md';
export const YXKJ = 'gongmao-youxian-kongjian-2023.md';
export const PDBZ = 'gongmao-zhongda-yinhuan-panding-2023.md';

export type Gold = Array<{ doc: string; article: string }>;
export const g = (doc: string, ...articles: string[]): Gold => articles.map((article) => ({ doc, article }));
export const q = (question: string, gold: Gold) => ({ question, gold });
