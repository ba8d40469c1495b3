export * from './WebhookDelivery';
export * from './checkWebhookBody';
export * from './DeliveryStore';
export * from './WebhookForwarder';
export * from './WebhookListener';
export * from './buildTestWebhook';
export * from './toCurl';
export * from './exportFixtures';
