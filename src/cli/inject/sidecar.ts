/**
 * What `outrigger inject` adds to a pod, as data. It mirrors deploy/base/deployment.yaml, whose
 * comments give the reasons for each value (probe timings, resources, security context).
 */

export const sidecarName = 'outrigger';
export const configMountPath = '/etc/outrigger';
export const dataMountPath = '/var/lib/outrigger';
export const adminPort = 7702;
/** Selected by deploy/components/monitoring: every pod that runs Outrigger carries it. */
export const scrapeLabel = { key: 'outrigger/sidecar', value: 'true' };
export const volumeNames = { config: 'outrigger-config', data: 'outrigger-data', tmp: 'outrigger-tmp' } as const;
/** Kubernetes' default termination period: what an app that never said otherwise expects to have. */
export const appShutdownSeconds = 30;

export interface InjectOptions {
  image: string;
  /** Null: `<workload>-outrigger-config`. */
  configMap: string | null;
  /** Null: `<workload>-outrigger-secrets`; the token is its key `api-token`. */
  secret: string | null;
  /** Null: the first port of the app's first container, if it has one. */
  appPort: number | null;
  /** Outrigger's shutdown.gracePeriod, which the pod's termination period must leave room for. */
  gracePeriodSeconds: number;
}

export type Json = Record<string, unknown>;

export function sidecarContainer(options: InjectOptions, secret: string, appPort: number | null): Json {
  return {
    name: sidecarName,
    image: options.image,
    // What makes it a native sidecar: started before the app, stopped after it.
    restartPolicy: 'Always',
    args: ['--config', `${configMountPath}/outrigger.yaml`],
    env: [
      { name: 'OUTRIGGER_API_TOKEN', valueFrom: { secretKeyRef: { name: secret, key: 'api-token' } } },
      ...(appPort === null ? [] : [{ name: 'OUTRIGGER_APP_URL', value: `http://127.0.0.1:${appPort}` }]),
      { name: 'OUTRIGGER_DATA_DIR', value: dataMountPath },
      { name: 'NODE_OPTIONS', value: '--max-old-space-size=192' },
    ],
    ports: [{ name: 'admin', containerPort: adminPort, protocol: 'TCP' }],
    startupProbe: { httpGet: { path: '/readyz', port: 'admin' }, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 60 },
    readinessProbe: { httpGet: { path: '/readyz', port: 'admin' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 },
    livenessProbe: { httpGet: { path: '/healthz', port: 'admin' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [
      { name: volumeNames.config, mountPath: configMountPath, readOnly: true },
      { name: volumeNames.data, mountPath: dataMountPath },
      { name: volumeNames.tmp, mountPath: '/tmp' },
    ],
  };
}

export function sidecarVolumes(configMap: string, withData: boolean): Json[] {
  return [
    { name: volumeNames.config, configMap: { name: configMap } },
    ...(withData ? [{ name: volumeNames.data, emptyDir: { sizeLimit: '1Gi' } }] : []),
    { name: volumeNames.tmp, emptyDir: { sizeLimit: '64Mi' } },
  ];
}

/** What the app's containers need to call the sidecar. */
export function appEnv(secret: string): Json[] {
  return [
    { name: 'OUTRIGGER_URL', value: 'http://127.0.0.1:7700' },
    { name: 'OUTRIGGER_API_TOKEN', valueFrom: { secretKeyRef: { name: secret, key: 'api-token' } } },
  ];
}
