export * from './percentEncode';
export * from './flattenParams';
export * from './normalizeParams';
export * from './sign';
export * from './signatureVariants';
export * from './diagnoseSignature';
