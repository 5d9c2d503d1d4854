import { describe, expect, it } from 'vitest';
import { answersQuantity, asksFigure } from '../../../knowledge/retrieval/confidence.js';

const REGISTER = '工贸企业应当对有限空间进行辨识，确定有限空间的数量、位置以及危险有害因素等基本情况，建立有限空间管理台账，并及时更新。';
const DAILY_FINE = '生产经营单位违反法律规定，被责令改正且受到罚款处罚，拒不改正的，负有安全生产监督管理职责的部门可以自作出责令改正之日的次日起，按照原处罚数额按日连续处罚。';

describe('a question that asks for a figure is answered only by text stating one', () => {
  it('does not read "几个" in a yes-no question as "how many"', () => {
    expect(asksFigure('厂里有几个有限空间需要登记造册吗')).toBe(false);
    expect(answersQuantity('厂里有几个有限空间需要登记造册吗？', REGISTER)).toBe(true);
    expect(asksFigure('厂里的有限空间要登记几个？')).toBe(true);
    expect(answersQuantity('厂里的有限空间要登记几个？', REGISTER)).toBe(false);
    // 几门 counts courses; 哪几类 asks which ones, not how many.
    expect(asksFigure('主要负责人安全考核考几门课')).toBe(true);
    expect(asksFigure('有限空间分哪几类')).toBe(false);
  });

  it('reads 数额 / 金额 as asked for only when the question asks for it, not when it names one', () => {
    expect(answersQuantity('要是按照原处罚数额按日连续处罚，要承担什么责任？', DAILY_FINE)).toBe(true);
    expect(asksFigure('按日连续处罚的罚款数额是')).toBe(true);
    expect(answersQuantity('按日连续处罚的罚款数额是多少', DAILY_FINE)).toBe(false);
    expect(answersQuantity('未培训的罚款金额？', '责令限期改正，处十万元以下的罚款')).toBe(true);
  });

  it('wants a measured quantity in its own units: a concentration is not answered by "24小时"', () => {
    const alarm = '未设置固定式一氧化碳浓度监测报警装置，或者监测数据未接入24小时有人值守场所的';
    expect(answersQuantity('一氧化碳浓度多少算超标', alarm)).toBe(false);
    expect(answersQuantity('水封的压力要达到多少', '水封式排水器的最高封堵煤气压力小于30kPa')).toBe(true);
    expect(answersQuantity('安全距离要多少', '与居民区的距离不少于三十米')).toBe(true);
  });
});
