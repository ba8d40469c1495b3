export * from './guards';
export * from './descriptors';
export * from './hostMessenger';
export * from './webviewMessenger';
export * from './linkBuilderProtocol';
export * from './linkFormParams';
export * from './webhookDetailProtocol';
export type { ConnectLinkTestResult } from '../links/testConnectLink';
