/** The extractor's name and version, stamped on every record (kept equal to package.json by a test). */
export const EXTRACTOR = { name: 'newsdesk', version: '0.3.3' } as const;
