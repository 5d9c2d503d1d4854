import { describe, expect, it } from 'vitest';
import { allowedMediaUrl, DEFAULT_MEDIA_HOSTS } from '../../../bot/wecom/aibot/media-fetch.js';

/** The image URL of 智能机器人·接收消息 (developer.work.weixin.qq.com/document/path/100719, 结构体说明·图片), verbatim. */
const DOCUMENTED =
  'https://ww-aibot-img-1258476243.cos.ap-guangzhou.myqcloud.com/BHoPdA3/7571665296904772241?sign=q-sign-algorithm%3Dsha1%26q-ak%3DAKIDbBpaJvdLBvpnibcYcfyPuaO5f9U1UoGo%26q-sign-time%3D1733467811%3B1733468111%26q-key-time%3D1733467811%3B1733468111%26q-header-list%3Dhost%26q-url-param-list%3D%26q-signature%3D0f7b6576943685f82870bc8db306dbf09dfe0fd6';

describe('the default WeCom media hosts', () => {
  it("let through the bot media URL WeCom documents, unchanged", () => {
    expect(allowedMediaUrl(DOCUMENTED, DEFAULT_MEDIA_HOSTS).href).toBe(DOCUMENTED);
  });

  it.each([
    ['another Tencent Cloud customer’s COS bucket', 'https://attacker-1250000000.cos.ap-guangzhou.myqcloud.com/x.jpg'],
    ['the same bucket name in another region (not documented)', 'https://ww-aibot-img-1258476243.cos.ap-beijing.myqcloud.com/x.jpg'],
    ['a look-alike host that ends in the bucket’s name', 'https://evil-ww-aibot-img-1258476243.cos.ap-guangzhou.myqcloud.com/x.jpg'],
    ['a Tencent site that is not bot media', 'https://wework.qpic.cn/wwpic/252813_x/0'],
    ['any qq.com host', 'https://mail.qq.com/cgi-bin/download?x=1'],
    ['the bucket over plain http', DOCUMENTED.replace('https:', 'http:')],
    ['the bucket on another port', DOCUMENTED.replace('.com/', '.com:8443/')],
  ])('refuse %s', (_what, url) => {
    expect(() => allowedMediaUrl(url, DEFAULT_MEDIA_HOSTS)).toThrow(/WeCom media refused/);
  });
});
