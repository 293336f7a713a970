/**
 * Stable demo identities of the local ClearML server. Tests and the demo sign in with these.
 *
 * Shape (everything is fixed across runs and editions):
 *   DEMO.user                         Jane Doe, the person who signs in (id, name, givenName, familyName, email)
 *   DEMO.signIn                       = DEMO.workspaces.own.credentials — the default key/secret to sign in with
 *   DEMO.workspaces.own               "Jane's workspace" (Jane owns it; id = the open-source default company id)
 *   DEMO.workspaces.vision            "Vision Team" (owned by Alex Kim; Jane joined it as a member)
 *     .id / .name / .owner {id,name}  workspace identity
 *     .role                           Jane's role there ('admin' = owner in hosted terms, 'user' = member)
 *     .credentials                    {accessKey, secretKey, label}: Jane's key in that workspace (secret known)
 *     .otherCredentials               more of Jane's keys there, with label / lastUsed / lastUsedFrom / expires (secrets
 *                                     exist on the server but are never returned — like the real one)
 *     .members                        everyone in the workspace (Jane included), sorted by name
 *     .invites                        pending invitation links, with the e-mails invited (hosted edition only)
 *     .gatewayTokens                  Jane's AI gateway tokens there (enterprise + hosted editions)
 *   DEMO.vault                        Jane's personal (scope "user") configuration vault in her own workspace, HOCON
 *   DEMO.groupVault                   an admin "group" vault in Vision Team (read-only for Jane)
 *   DEMO.preferences                  Jane's web-UI preferences (slices as the web app writes them)
 *   DEMO.alex                         Alex Kim (owner of Vision Team) with his own credentials there
 *
 * Access keys are 30 chars of A-Z0-9 and secrets are secrets.token_urlsafe(50) (67 chars), as the real server
 * generates them. Seed 'empty' keeps only Jane, her own workspace and DEMO.signIn (no prefs, vault, invites,
 * tokens, other members or other keys).
 */

export interface DemoPerson { id: string; name: string; email: string; role: 'admin' | 'user' }
export interface DemoCredentials { accessKey: string; secretKey: string; label: string }
export interface DemoKeyInfo { accessKey: string; secretKey: string; label?: string; lastUsed?: string; lastUsedFrom?: string; expires?: string }
export interface DemoInvite { id: string; emails: string[]; created: string; expires: string }
export interface DemoGatewayToken { id: string; label: string; token: string; created: string; expires: string }
export interface DemoWorkspace {
  id: string;
  name: string;
  owner: { id: string; name: string };
  role: 'admin' | 'user';
  credentials: DemoCredentials;
  otherCredentials: DemoKeyInfo[];
  members: DemoPerson[];
  invites: DemoInvite[];
  gatewayTokens: DemoGatewayToken[];
}

const JANE = { id: '398956a66a102d88871700226b498a37', name: 'Jane Doe', givenName: 'Jane', familyName: 'Doe', email: 'jane.doe@example.com' };
const ALEX = { id: 'a40ec30beb0dbdc47b9117934165b29b', name: 'Alex Kim', email: 'alex.kim@example.com' };
const PRIYA = { id: '1e422bd290b5e60d6e56b37fdd2cc2db', name: 'Priya Natarajan', email: 'priya.n@example.com' };
const MARCO = { id: '6289c2d52fc75389dcbb2a011b0d6b76', name: 'Marco Rossi', email: 'marco.rossi@example.com' };
const LENA = { id: '50913edbd2399edba50b3745784103b0', name: 'Lena Fischer', email: 'lena.fischer@example.com' };
const TOM = { id: '8372f4e6f440449ff8dd58d4d5415924', name: 'Tom Okafor', email: 'tom.okafor@example.com' };

const OWN_ID = 'd1bd92a3b039400cbafc60a7a5b1e52b';
const VISION_ID = 'ed2cd61ff966b1423789264a5e65b7ba';

const VAULT_DATA = `# Jane's personal configuration vault: merged over clearml.conf by the SDK and the agent
sdk {
  aws {
    s3 {
      region: "eu-west-1"
      credentials: [
        { bucket: "vision-datasets", key: "AKIADEMOVISIONDATA01", secret: "demo-not-a-real-secret" }
      ]
    }
  }
  development {
    default_output_uri: "s3://vision-datasets/models"
  }
}
agent {
  git_user: "jane-doe"
  default_docker {
    image: "nvidia/cuda:12.4.1-runtime-ubuntu22.04"
  }
}
`;

const GROUP_VAULT_DATA = `# Vision Team defaults (managed by the workspace admin)
sdk.storage.cache.default_base_dir: "~/.clearml/cache"
agent.package_manager.type: uv
`;

export const DEMO = {
  user: JANE,
  signIn: {
    accessKey: 'UCPW8RTFH0MDXVO6I3BYA9HUZUEI1E',
    secretKey: 'nJOZ1dCAzq7mZr7vgD7RVDewVhLHfNI7_PHqFLuQDBQfW6z3QVJ_yZOfYBj0cgALO9s',
    label: 'vscode (demo)',
  } as DemoCredentials,
  workspaces: {
    own: {
      id: OWN_ID,
      name: "Jane's workspace",
      owner: { id: JANE.id, name: JANE.name },
      role: 'admin',
      credentials: {
        accessKey: 'UCPW8RTFH0MDXVO6I3BYA9HUZUEI1E',
        secretKey: 'nJOZ1dCAzq7mZr7vgD7RVDewVhLHfNI7_PHqFLuQDBQfW6z3QVJ_yZOfYBj0cgALO9s',
        label: 'vscode (demo)',
      },
      otherCredentials: [
        {
          accessKey: '7N59QJ7PSRFI00SLHBPW1MVEXAA0R0',
          secretKey: 'Q66Q57U50Fa3pEhKl2-7ygJeuG4LrsinC4yNi1k_zmk3OHm4pKH1zCaRf9rRu_cATrs',
          label: 'laptop',
          lastUsed: '2026-11-20T08:15:00.000000+00:00',
          lastUsedFrom: 'janes-macbook',
        },
        {
          accessKey: 'TTMTN0Z54I2ZVDBBAFWBRGA1DEDGVV',
          secretKey: 'iFT4h9XS8xDe0xharXwp0NSC-lPLdkGyIzmKN_ypAuqXwx52ndtV803KEvBoyJABbzc',
          label: 'gpu-agent-01',
          lastUsed: '2026-11-22T06:02:41.000000+00:00',
          lastUsedFrom: '10.0.4.17',
        },
        {
          accessKey: 'U2K2X7KS2572XGUDV8F087OZTM69YU',
          secretKey: '0ylu1NA0kOiSbJ-8XW8AEBiLNNDLMAW8-RfKstlosFjqqbF8x_nGHwJaHGPbW58msF8',
        },
      ],
      members: [
        { ...JANE, role: 'admin' },
        { ...MARCO, role: 'user' },
        { ...PRIYA, role: 'user' },
      ].sort((a, b) => a.name.localeCompare(b.name)) as DemoPerson[],
      invites: [
        { id: '9d36308d4d8b502a701180a6220f595d', emails: ['sam.lee@example.com'], created: '2026-11-18T12:00:00.000000+00:00', expires: '2026-12-18T12:00:00.000000+00:00' },
      ],
      gatewayTokens: [
        { id: '2223b6ca1f92976c6081d617aaa4a415', label: 'notebook', token: 'gw_demo_9Jq2pWm4Xk7Lr8Ts1Vb3Nc5Hd6Fg0Ya', created: '2026-11-01T09:00:00.000000+00:00', expires: '2026-12-01T09:00:00.000000+00:00' },
      ],
    } as DemoWorkspace,
    vision: {
      id: VISION_ID,
      name: 'Vision Team',
      owner: { id: ALEX.id, name: ALEX.name },
      role: 'user',
      credentials: {
        accessKey: '6DVC9C1S606VWGNOY43UOKLCX0VQX3',
        secretKey: 'PwBfQD7evodoprpT2qhkmDmj-IgSM8PvC0ILdOSxLmZGj5gtc4ydP1j4MlzWWOY5884',
        label: 'vscode (vision)',
      },
      otherCredentials: [
        {
          accessKey: 'F88LJ8JG1CYFT5EXR9YD2MPH72QMOG',
          secretKey: 'bciSeQjQfQupfJcY-pMH0kEJEDNm8xmtpouL3rQ4RPAY5AdxKJn2P7zEbl6s2BEMYZk',
          label: 'training cluster',
          lastUsed: '2026-11-21T17:40:05.000000+00:00',
          lastUsedFrom: 'train-node-3',
        },
        {
          accessKey: 'K3X9D2WQ7M1ZP5R8T0YV4BN6HC2JLE',
          secretKey: 'Xr7pQ2mV9kLs4Tn8Wd1Fh6Jc3Gb5Ny0Za2Se7Ru4Yi9Op1Kl6Mn3Bv8Cx5Dz0Aq7We',
          label: 'old ci runner',
          lastUsed: '2026-03-02T11:00:00.000000+00:00',
          lastUsedFrom: 'ci-runner-2',
          expires: '2026-06-30T00:00:00.000000+00:00',
        },
      ],
      members: [
        { ...ALEX, role: 'admin' },
        { ...JANE, role: 'user' },
        { ...LENA, role: 'user' },
        { ...PRIYA, role: 'user' },
        { ...TOM, role: 'user' },
      ].sort((a, b) => a.name.localeCompare(b.name)) as DemoPerson[],
      invites: [
        { id: '42f45d261d5d6f4cc31e9eaabf1b9341', emails: ['kai.mueller@example.com', 'ines.garcia@example.com'], created: '2026-11-19T15:30:00.000000+00:00', expires: '2026-12-19T15:30:00.000000+00:00' },
      ],
      gatewayTokens: [],
    } as DemoWorkspace,
  },
  vault: { id: '5d60eb812a13bab2e3dca94920a6a649', companyId: OWN_ID, scope: 'user', type: 'config', format: 'hocon', enabled: true, description: 'Personal vault', data: VAULT_DATA },
  groupVault: { id: '46c6e09b2163123406d00536efa98859', companyId: VISION_ID, group: '30795571-a470-4717-a80d-e8705fc776bf', scope: 'group', type: 'config', format: 'hocon', enabled: true, description: 'Vision Team defaults', data: GROUP_VAULT_DATA },
  preferences: {
    version: 1,
    firstLogin: false,
    users: { activeWorkspace: { id: OWN_ID, name: "Jane's workspace" }, showOnlyUserWork: { experiments: false } },
    rootProjects: { showHidden: false, hideExamples: true, blockUserScript: false, tagsColors: {} },
    views: {
      autoRefresh: true,
      neverShowPopupAgain: ['tip-of-the-day'],
      redactedArguments: [{ key: 'CLEARML_API_SECRET_KEY' }, { key: 'CLEARML_AGENT_GIT_PASS' }, { key: 'AWS_SECRET_ACCESS_KEY' }, { key: 'AZURE_STORAGE_KEY' }],
      hideRedactedArguments: true,
      theme: 'dark',
      hideEnterpriseFeatures: false,
    },
  } as Record<string, unknown>,
  alex: {
    ...ALEX,
    credentials: {
      accessKey: 'QYJO3LA77D7M5W9IDC5KWQR1BC4H7K',
      secretKey: '2IUGmpw9u26iq1QEKi8faGNEYYjKvbZsTQlniV4RiWMvKhYTIXiW5ScjrGmrtfWuvMw',
      label: 'alex laptop',
    } as DemoCredentials,
  },
  /** Spare valid-format key that exists nowhere (for "unknown key" tests). */
  unknownKey: { accessKey: 'LVM3FZYRVB5P8D1QVPYAH6Y3Q07EEP', secretKey: 'qWMHnWh-xngWwORhpCH_EoPN_xK3T_a8xEWESqdsBMfCXzniDWFvoAbVCnnPWET1mcA' },
};

export type Demo = typeof DEMO;
