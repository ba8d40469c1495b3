export declare function packageVsix(options?: { outDir?: string }): { vsix: string; output: string };
