export * from './ValidationError';
export * from './fieldChecks';
export * from './connectParams';
export * from './validateConnectParams';
