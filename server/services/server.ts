/** server.* (apiserver/services/server/__init__.py): server identity and the usage-statistics option. */
import { isoNow } from '../ids';
import { ALL, API_VERSION, SERVER_VERSION, who, type EndpointTable } from './context';
import { optBool } from './validate';

export const serverEndpoints: EndpointTable = {
  'server.info': {
    minVersion: '2.1', authorize: true, editions: ALL,
    handler: () => ({ version: SERVER_VERSION, build: 'local', commit: 'local', uid: 'local-clearml-settings-server', api_version: API_VERSION }),
  },

  'server.report_stats_option': {
    minVersion: '2.4', authorize: true, editions: ['opensource'],
    handler: (ctx) => {
      const id = who(ctx);
      const company = ctx.state.company(id.company);
      const enabled = optBool(ctx.body, 'enabled');
      if (company && enabled !== undefined) {
        company.statsOption = enabled
          ? { enabled: true, enabledTime: isoNow(), enabledVersion: SERVER_VERSION, enabledUser: id.user }
          : { enabled: false };
        ctx.state.markDirty();
      }
      const opt = company?.statsOption;
      const out: Record<string, unknown> = { supported: true, enabled: opt?.enabled ?? false, current_version: SERVER_VERSION };
      if (opt?.enabled) Object.assign(out, { enabled_time: opt.enabledTime, enabled_version: opt.enabledVersion, enabled_user: opt.enabledUser });
      return out;
    },
  },
};
