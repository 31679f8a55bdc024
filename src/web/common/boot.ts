/**
 * Runs before anything else of a front end (its main.tsx imports it first):
 * zod must not probe `new Function` (the CSP has no 'unsafe-eval'; the probe would be reported as a
 * violation), and dynamically inserted <style> elements get the page's nonce.
 */
import { z } from 'zod';
import { cspNonce, nonceEveryStyle } from './csp.ts';

z.config({ jitless: true });
nonceEveryStyle(cspNonce());
