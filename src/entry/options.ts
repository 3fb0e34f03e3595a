// switchboard/options: the JSON Schema of createSwitchboard's options (for tools and editors).
export { optionsSchema } from '../switchboard/options/schema.ts';
