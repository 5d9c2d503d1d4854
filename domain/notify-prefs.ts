/** A person's notification settings, kept on their Identity. */
export interface NotifyPrefs {
  /** Local (Asia/Shanghai) minutes of day; pushes falling inside wait until it ends. Urgent ones do not wait. */
  quietHours?: { from: number; to: number };
  /** One message a day instead of a push per item (urgent ones still come at once). */
  digest?: boolean;
}
