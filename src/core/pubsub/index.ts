export { PubSub, type PubSubDeps } from './pubsub.js';
