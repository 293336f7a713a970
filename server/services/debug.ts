/** debug.* (apiserver/services/debug.py). */
import { ALL, type EndpointTable } from './context';

export const debugEndpoints: EndpointTable = {
  'debug.ping': {
    minVersion: '2.9', authorize: false, editions: ALL,
    handler: (ctx) => ({ ...ctx.body, msg: 'ClearML server' }),
  },
};
