export { rateLimitsFrom, type FlexibleBackend } from './flexible.js';
export { mongoRateLimitBackend } from './mongo.js';
export { redisRateLimitBackend } from './redis.js';
export { sqliteRateLimitBackend } from './sqlite.js';
