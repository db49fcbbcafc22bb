/**
 * The project's zod: `zod/mini` (about 20 KB bundled with English messages) rather than `zod` (about 450 KB),
 * because validation runs in every Lambda bundle. Import `z` from here so the English messages are loaded.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export { z };
