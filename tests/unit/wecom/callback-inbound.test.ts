import { describe, expect, it } from 'vitest';
import { callbackToInbound, dedupeKey } from '../../../bot/wecom/callback/inbound.js';
import { parseXmlFields } from '../../../bot/wecom/callback/xml.js';
import { callbackXml } from '../../support/wecom-callback.js';

const noMedia = async () => new Uint8Array();
const base = { ToUserName: 'ww1', FromUserName: 'zhaoliu', CreateTime: 1700000000, AgentID: 1000002 };
const inbound = (fields: Record<string, string | number>) => callbackToInbound(parseXmlFields(callbackXml({ ...base, ...fields }))!, noMedia);

describe('app callback → Inbound', () => {
  it('keeps a 64-bit MsgId exact for de-duplication', () => {
    const fields = parseXmlFields('<xml><MsgType><![CDATA[text]]></MsgType><Content>hi</Content><MsgId>4561255354251345929</MsgId></xml>')!;
    expect(dedupeKey(fields)).toBe('msg:4561255354251345929');
  });

  it('keys events by sender, time and event', () => {
    const fields = parseXmlFields(callbackXml({ ...base, MsgType: 'event', Event: 'enter_agent' }))!;
    expect(dedupeKey(fields)).toBe('event:zhaoliu:1700000000:enter_agent');
  });

  it('maps a shared location', () => {
    expect(inbound({ MsgType: 'location', Location_X: 35.49, Location_Y: 112.85, Scale: 15, Label: '泽州县北义城镇', MsgId: '1' })).toEqual({
      chat: 'wecom:zhaoliu',
      kind: 'location',
      lat: 35.49,
      lng: 112.85,
      label: '泽州县北义城镇',
    });
  });

  it('says a voice message is not understood (app voice XML carries MediaId and Format, no transcript)', () => {
    expect(inbound({ MsgType: 'voice', MediaId: 'm', Format: 'amr', MsgId: '3' })).toMatchObject({ kind: 'unsupported', what: 'voice' });
  });

  it('ignores events that are not card clicks', () => {
    expect(inbound({ MsgType: 'event', Event: 'enter_agent' })).toBeUndefined();
  });
});
