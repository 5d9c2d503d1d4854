/**
 * What a new password must be: 10–256 characters, not the username, not one of the passwords attackers
 * try first. The list is short on purpose (the most common leaked passwords and the patterns seen for
 * Chinese accounts); length does the rest.
 */
const COMMON = new Set([
  '1234567890', '0123456789', '12345678910', '123456789a', 'a123456789', '1234567890a', 'qwertyuiop', 'qwertyuiop123',
  'password1', 'password12', 'password123', 'password1234', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123', 'iloveyou123',
  'abc1234567', 'abcd123456', 'abcd1234567', 'abcdefghij', 'aa12345678', 'aa123456789', 'qq123456789', 'qwe1234567',
  'qwer123456', 'qwerty1234', 'qwerty12345', 'qwerty123456', '1q2w3e4r5t', '1qaz2wsx3edc', '1qaz2wsx3e', 'zaq12wsxcde',
  'woaini1314', 'woaini520', 'woaini5201314', '5201314520', '1314520521', '5201314000', 'admin12345', 'admin123456',
  'administrator', 'root123456', 'test123456', 'welcome123', 'letmein123', 'changeme123', 'zhang123456', 'wang123456',
  'li12345678', 'liu123456789', 'chen123456', 'zezhou123', 'zezhou1234', 'zezhou12345', 'zezhou123456', 'yingji123456',
  'anquan123456', 'admin@123456', 'admin@12345', 'asdfghjkl1', 'asdfghjkl123', 'zxcvbnm123', 'zxcvbnm1234', '11111111111',
]);

export type PasswordProblem = 'short' | 'long' | 'common' | 'username';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export function passwordProblem(password: string, username?: string): PasswordProblem | undefined {
  const chars = [...password].length;
  if (chars < PASSWORD_MIN) return 'short';
  if (chars > PASSWORD_MAX) return 'long';
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(lower) || isRun(lower)) return 'common';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return 'username';
  return undefined;
}

/** 0123456789, 9876543210, abcdefghij…: every character one step from the previous. */
function isRun(s: string): boolean {
  const codes = [...s].map((ch) => ch.codePointAt(0)!);
  const step = codes[1]! - codes[0]!;
  return Math.abs(step) === 1 && codes.every((c, i) => i === 0 || c - codes[i - 1]! === step);
}
