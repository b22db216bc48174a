export {
  LiveStream,
  type LiveStreamEvent,
  type LiveStreamOptions,
  type LiveStreamSource,
  type StreamEndEvent,
  type StreamListener,
  type StreamSink,
} from './live-stream.js';
