/**
 * Loads zod's English messages once ("Invalid URL" rather than "Invalid input").
 * The project validates with `zod/mini` (about 20 KB bundled) rather than `zod` (about 450 KB), because
 * validation runs in every Lambda bundle; modules import `* as z from 'zod/mini'` (a re-exported
 * namespace would defeat tree-shaking) and import this module for its effect.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
