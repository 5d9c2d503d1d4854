import { randomBytes } from 'node:crypto';
import { sign } from '../../../handlers/alerts/credentials.js';

/** What the API answers: an outcome, or an error that says what is wrong. */
export interface AlertAnswer {
  result?: string;
  caseNumber: string;
  repeats?: number;
  error: { code: string; message: string; issues?: Array<{ path: string; message: string }> };
}

type Fetch = (req: Request) => Response | Promise<Response>;

/** An AI camera as its vendor would program it from the README: signs every request with its secret. */
export class DeviceClient {
  constructor(
    private readonly fetchFn: Fetch,
    readonly id: string,
    private readonly secret: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Builds the signed request; `tamper` changes it after signing, as a broken or hostile sender would. */
  request(alert: unknown, opts: { nonce?: string; timestamp?: number; secret?: string; language?: string; rawBody?: string } = {}): Request {
    const body = opts.rawBody ?? JSON.stringify(alert);
    const timestamp = String(opts.timestamp ?? Math.floor(this.clock() / 1000));
    const nonce = opts.nonce ?? randomBytes(16).toString('hex');
    return new Request('http://localhost/api/alerts', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-device-id': this.id,
        'x-timestamp': timestamp,
        'x-nonce': nonce,
        'x-signature': sign(opts.secret ?? this.secret, timestamp, nonce, body),
        ...(opts.language && { 'accept-language': opts.language }),
      },
      body,
    });
  }

  async send(alert: unknown, opts: Parameters<DeviceClient['request']>[1] = {}) {
    const res = await this.fetchFn(this.request(alert, opts));
    return { status: res.status, headers: res.headers, body: (await res.json()) as AlertAnswer };
  }
}
