export declare function startFrontProxy(o: { port: number; innerPort: number }): Promise<{ close: () => Promise<void> }>;
