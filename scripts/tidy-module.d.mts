/** The module source as the build writes it (scripts/tidy-module.mjs). */
export function tidyModuleSource(source: string): Promise<string>;
