{{/*
The pod template of the workload, whatever its kind: the one place that says how the application's pods run.
*/}}
{{- define "chartsec.podTemplate" -}}
{{- $serving := include "chartsec.serving" . -}}
metadata:
  labels:
    {{- include "chartsec.labels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- if or .Values.podAnnotations .Values.config.data }}
  annotations:
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    {{- if .Values.config.data }}
    # a configuration change rolls the pods
    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum | quote }}
    {{- end }}
  {{- end }}
spec:
  serviceAccountName: {{ include "chartsec.serviceAccountName" . | quote }}
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
  enableServiceLinks: false
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- range . }}
    - name: {{ . | quote }}
    {{- end }}
  {{- end }}
  {{- with .Values.priorityClassName }}
  priorityClassName: {{ . | quote }}
  {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- range . }}
    - key: {{ .key | quote }}
      operator: {{ .operator | quote }}
      {{- if eq .operator "Equal" }}
      value: {{ .value | quote }}
      {{- end }}
      {{- with .effect }}
      effect: {{ . | quote }}
      {{- end }}
    {{- end }}
  {{- end }}
  {{- if not $serving }}
  restartPolicy: {{ .Values.job.restartPolicy }}
  {{- end }}
  securityContext:
    {{- include "chartsec.podSecurityContext" . | nindent 4 }}
  {{- $affinity := .Values.affinity }}
  {{- $anti := $affinity.podAntiAffinity | default dict }}
  {{- $spreadOut := and $serving .Values.availability.antiAffinity }}
  {{- if or $affinity.nodeAffinity $affinity.podAffinity $anti $spreadOut }}
  affinity:
    {{- with $affinity.nodeAffinity }}
    nodeAffinity:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with $affinity.podAffinity }}
    podAffinity:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- if or $anti $spreadOut }}
    podAntiAffinity:
      {{- with $anti.requiredDuringSchedulingIgnoredDuringExecution }}
      requiredDuringSchedulingIgnoredDuringExecution:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if or $spreadOut $anti.preferredDuringSchedulingIgnoredDuringExecution }}
      preferredDuringSchedulingIgnoredDuringExecution:
        {{- if $spreadOut }}
        - weight: 100
          podAffinityTerm:
            topologyKey: kubernetes.io/hostname
            labelSelector:
              matchLabels:
                {{- include "chartsec.selectorLabels" . | nindent 16 }}
        {{- end }}
        {{- with $anti.preferredDuringSchedulingIgnoredDuringExecution }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- end }}
    {{- end }}
  {{- end }}
  {{- if and $serving .Values.availability.topologySpread }}
  topologySpreadConstraints:
    - maxSkew: {{ .Values.availability.spreadMaxSkew }}
      topologyKey: {{ .Values.availability.spreadTopologyKey | quote }}
      whenUnsatisfiable: {{ .Values.availability.spreadWhenUnsatisfiable }}
      labelSelector:
        matchLabels:
          {{- include "chartsec.selectorLabels" . | nindent 10 }}
  {{- end }}
  {{- $metricsPort := and .Values.metrics.enabled (gt (int .Values.metrics.port) 0) $serving }}
  {{- if or .Values.sidecars .Values.initContainers }}
  initContainers:
    {{- range .Values.sidecars }}
    # a native sidecar: it starts before the application and stops after it
    - {{- include "chartsec.extraContainer" (dict "c" . "root" $ "sidecar" true "metricsPort" $metricsPort) | nindent 6 }}
    {{- end }}
    {{- range .Values.initContainers }}
    - {{- include "chartsec.extraContainer" (dict "c" . "root" $ "sidecar" false "metricsPort" false) | nindent 6 }}
    {{- end }}
  {{- end }}
  containers:
    - name: app
      image: {{ include "chartsec.image" . | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      {{- with .Values.command }}
      command:
        {{- range . }}
        - {{ . | quote }}
        {{- end }}
      {{- end }}
      {{- with .Values.args }}
      args:
        {{- range . }}
        - {{ . | quote }}
        {{- end }}
      {{- end }}
      {{- if gt (int .Values.preStopSleepSeconds) 0 }}
      lifecycle:
        preStop:
          sleep:
            seconds: {{ .Values.preStopSleepSeconds }}
      {{- end }}
      {{- $configEnv := and .Values.config.data (eq .Values.config.mountAs "env") }}
      {{- if or $configEnv .Values.envFromConfigMaps }}
      envFrom:
        {{- if $configEnv }}
        - configMapRef:
            name: {{ include "chartsec.configName" . | quote }}
        {{- end }}
        {{- range .Values.envFromConfigMaps }}
        - configMapRef:
            name: {{ . | quote }}
        {{- end }}
      {{- end }}
      securityContext:
        {{- include "chartsec.containerSecurityContext" . | nindent 8 }}
      {{- if $serving }}
      ports:
        - name: http
          containerPort: {{ .Values.containerPort }}
          protocol: TCP
        {{- if and $metricsPort (not (has (int .Values.metrics.port) (include "chartsec.sidecarPorts" . | fromJsonArray))) }}
        - name: metrics
          containerPort: {{ .Values.metrics.port }}
          protocol: TCP
        {{- end }}
        {{- range .Values.service.extraPorts }}
        - name: {{ .name }}
          containerPort: {{ .port }}
          protocol: {{ .protocol }}
        {{- end }}
      {{- end }}
      {{- $secretEnv := and (ne .Values.secrets.mode "none") (eq .Values.secrets.mountAs "env") }}
      {{- if or .Values.env $secretEnv .Values.podInfoEnv .Values.configMapEnv }}
      env:
        {{- range $name, $value := .Values.env }}
        - name: {{ $name | quote }}
          value: {{ $value | quote }}
        {{- end }}
        {{- range $name, $field := .Values.podInfoEnv }}
        - name: {{ $name | quote }}
          valueFrom:
            {{- if or (hasPrefix "limits." $field) (hasPrefix "requests." $field) }}
            resourceFieldRef:
              containerName: app
              resource: {{ $field | quote }}
            {{- else }}
            fieldRef:
              fieldPath: {{ $field | quote }}
            {{- end }}
        {{- end }}
        {{- range $name, $ref := .Values.configMapEnv }}
        - name: {{ $name | quote }}
          valueFrom:
            configMapKeyRef:
              name: {{ regexReplaceAll "/.*$" $ref "" | quote }}
              key: {{ regexReplaceAll "^[^/]*/" $ref "" | quote }}
        {{- end }}
        {{- if $secretEnv }}
        {{- range .Values.secrets.items }}
        - name: {{ .envName | quote }}
          valueFrom:
            secretKeyRef:
              name: {{ include "chartsec.secretName" $ | quote }}
              key: {{ .key | quote }}
        {{- end }}
        {{- end }}
      {{- end }}
      {{- range $kind := list "startup" "liveness" "readiness" }}
      {{- $probe := get $.Values.probes $kind }}
      {{- if and $serving $probe.enabled }}
      {{ $kind }}Probe:
        {{- include "chartsec.probeAction" (dict "probe" $probe "root" $) | nindent 8 }}
        periodSeconds: {{ $probe.periodSeconds }}
        timeoutSeconds: {{ $probe.timeoutSeconds }}
        failureThreshold: {{ $probe.failureThreshold }}
      {{- end }}
      {{- end }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      volumeMounts:
        {{- range $i, $dir := .Values.writableDirs }}
        - name: {{ printf "writable-%d" $i }}
          mountPath: {{ $dir.path | quote }}
        {{- end }}
        {{- if and (ne .Values.secrets.mode "none") (eq .Values.secrets.mountAs "file") }}
        - name: secrets
          mountPath: {{ .Values.secrets.mountPath | quote }}
          readOnly: true
        {{- end }}
        {{- if and .Values.config.data (eq .Values.config.mountAs "file") }}
        - name: config
          mountPath: {{ .Values.config.mountPath | quote }}
          readOnly: true
        {{- end }}
        {{- if .Values.persistence.enabled }}
        - name: data
          mountPath: {{ .Values.persistence.mountPath | quote }}
        {{- end }}
        {{- range .Values.extraVolumes }}
        - name: {{ printf "extra-%s" .name | trunc 63 | trimSuffix "-" }}
          mountPath: {{ .mountPath | quote }}
          {{- if has .type (list "configMap" "secret") }}
          readOnly: true
          {{- end }}
        {{- end }}
        {{- if .Values.apiAccess.enabled }}
        - name: api-token
          mountPath: /var/run/secrets/kubernetes.io/serviceaccount
          readOnly: true
        {{- end }}
  volumes:
    {{- range $i, $dir := .Values.writableDirs }}
    - name: {{ printf "writable-%d" $i }}
      emptyDir:
        sizeLimit: {{ $dir.sizeLimit | quote }}
    {{- end }}
    {{- if and (ne .Values.secrets.mode "none") (eq .Values.secrets.mountAs "file") }}
    - name: secrets
      secret:
        secretName: {{ include "chartsec.secretName" . | quote }}
        defaultMode: 0440
        items:
          {{- range .Values.secrets.items }}
          - key: {{ .key | quote }}
            path: {{ .key | quote }}
          {{- end }}
    {{- end }}
    {{- if and .Values.config.data (eq .Values.config.mountAs "file") }}
    - name: config
      configMap:
        name: {{ include "chartsec.configName" . | quote }}
        defaultMode: 0440
    {{- end }}
    {{- range .Values.extraVolumes }}
    - name: {{ printf "extra-%s" .name | trunc 63 | trimSuffix "-" }}
      {{- if eq .type "configMap" }}
      configMap:
        name: {{ .source | quote }}
        defaultMode: 0440
      {{- else if eq .type "secret" }}
      secret:
        secretName: {{ .source | quote }}
        defaultMode: 0440
      {{- else if eq .type "persistentVolumeClaim" }}
      persistentVolumeClaim:
        claimName: {{ .source | quote }}
      {{- else }}
      emptyDir:
        sizeLimit: {{ .sizeLimit | quote }}
      {{- end }}
    {{- end }}
    {{- if and .Values.persistence.enabled (or .Values.persistence.existingClaim (ne .Values.kind "StatefulSet")) }}
    - name: data
      persistentVolumeClaim:
        claimName: {{ include "chartsec.claimName" . | quote }}
    {{- end }}
    {{- if .Values.apiAccess.enabled }}
    - name: api-token
      projected:
        defaultMode: 0440
        sources:
          - serviceAccountToken:
              path: token
              expirationSeconds: {{ .Values.apiAccess.tokenExpirationSeconds }}
          - configMap:
              name: kube-root-ca.crt
              items:
                - key: ca.crt
                  path: ca.crt
          - downwardAPI:
              items:
                - path: namespace
                  fieldRef:
                    fieldPath: metadata.namespace
    {{- end }}
{{- end }}

{{/* The ports the sidecars listen on, as a JSON list of numbers. */}}
{{- define "chartsec.sidecarPorts" -}}
{{- $ports := list }}
{{- range .Values.sidecars }}{{ if .port }}{{ $ports = append $ports (int .port) }}{{ end }}{{ end }}
{{- toJson $ports }}
{{- end }}

{{/*
An init container or a native sidecar, hardened like the application; called with (dict "c" ITEM "root" $
"sidecar" BOOL "metricsPort" PORT-OR-FALSE). A sidecar listening on metrics.port carries the metrics port.
*/}}
{{- define "chartsec.extraContainer" -}}
{{- $c := .c }}
{{- $root := .root }}
name: {{ $c.name | quote }}
image: {{ printf "%s:%s%s" (include "chartsec.repository" (list $root $c.repository)) $c.tag (ternary (printf "@%s" $c.digest) "" (ne $c.digest "")) | quote }}
imagePullPolicy: {{ $root.Values.image.pullPolicy }}
{{- if .sidecar }}
restartPolicy: Always
{{- end }}
{{- with $c.command }}
command:
  {{- range . }}
  - {{ . | quote }}
  {{- end }}
{{- end }}
{{- with $c.args }}
args:
  {{- range . }}
  - {{ . | quote }}
  {{- end }}
{{- end }}
securityContext:
  {{- include "chartsec.containerSecurityContext" $root | nindent 2 }}
{{- if and .sidecar (gt (int $c.port) 0) }}
ports:
  - containerPort: {{ $c.port }}
    protocol: TCP
    {{- if and .metricsPort (eq (int $c.port) (int $root.Values.metrics.port)) }}
    name: metrics
    {{- end }}
{{- end }}
resources:
  {{- toYaml $c.resources | nindent 2 }}
volumeMounts:
  - name: writable-0
    mountPath: "/tmp"
  {{- if $root.Values.persistence.enabled }}
  - name: data
    mountPath: {{ $root.Values.persistence.mountPath | quote }}
  {{- end }}
{{- end }}
