/**
 * Runs before anything else of a front end (its main.tsx imports it first):
 * zod must not probe `new Function` (the CSP has no 'unsafe-eval'; the probe would be reported as a
 * violation), dynamically inserted <style> elements get the page's nonce, and style attributes set by
 * script go through the CSSOM.
 */
import { z } from 'zod';
import { cspNonce, nonceEveryStyle, styleAttributesThroughCssom } from './csp.ts';

z.config({ jitless: true });
nonceEveryStyle(cspNonce());
styleAttributesThroughCssom();
