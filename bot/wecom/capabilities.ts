/**
 * What a channel can promise the user. WeCom always shows the organisation who sent a message,
 * so tips sent through it are never anonymous: handlers point users to the H5 form or Telegram.
 */
export interface ChannelCapabilities {
  anonymousTips: boolean;
}

export const WECOM_CAPABILITIES: Readonly<ChannelCapabilities> = Object.freeze({ anonymousTips: false });

export function channelCapabilities(_channel: 'wecom'): Readonly<ChannelCapabilities> {
  return WECOM_CAPABILITIES;
}
