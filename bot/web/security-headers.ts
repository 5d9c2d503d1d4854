import { secureHeaders } from 'hono/secure-headers';

/**
 * The security headers of every page this server renders (web chat, H5 tip form, dashboard):
 * same-origin scripts, styles and images only, no framing, forms post back to this origin only.
 */
export const webSecurityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      styleSrc: ["'self'"],
      scriptSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
