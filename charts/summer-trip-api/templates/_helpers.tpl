{{- define "summer-trip-api.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "summer-trip-api.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "summer-trip-api.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "summer-trip-api.selectorLabels" -}}
app.kubernetes.io/name: {{ include "summer-trip-api.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "summer-trip-api.labels" -}}
{{ include "summer-trip-api.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* registry/repository:tag, the tag defaulting to the chart's appVersion. Call with (dict "image" . "root" $). */}}
{{- define "summer-trip-api.image" -}}
{{- $repository := ternary (printf "%s/%s" .image.registry .image.repository) .image.repository (ne .image.registry "") -}}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{- define "summer-trip-api.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "summer-trip-api.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret of a store: its existingSecret, else the one this chart creates. Call with (dict "store" "postgresql" "root" $). */}}
{{- define "summer-trip-api.storeSecret" -}}
{{- $values := index .root.Values .store -}}
{{- default (printf "%s-%s" (include "summer-trip-api.fullname" .root) .store) $values.existingSecret -}}
{{- end -}}

{{- define "summer-trip-api.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "summer-trip-api.storeSecret" (dict "store" .store "root" .root) }}
      key: {{ index (index .root.Values .store).secretKeys .key }}
{{- end -}}

{{/* The Secret of the API keys: apiKeys.existingSecret, else the one this chart creates. */}}
{{- define "summer-trip-api.apiKeysSecret" -}}
{{- default (printf "%s-api-keys" (include "summer-trip-api.fullname" .)) .Values.apiKeys.existingSecret -}}
{{- end -}}

{{/* Environment of the API and the seeder (the seeder reads the API's configuration). */}}
{{- define "summer-trip-api.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "summer-trip-api.fullname" . }}
env:
- name: NODE_OPTIONS
  value: {{ .Values.nodeOptions | quote }}
- name: MALLOC_ARENA_MAX
  value: {{ .Values.malloc.arenaMax | int64 | quote }}
- name: MALLOC_MMAP_THRESHOLD_
  # int64: a number from a values file reaches the template as a float, which quote would
  # write as "4.194304e+06", and glibc would read as 4.
  value: {{ .Values.malloc.mmapThreshold | int64 | quote }}
{{ include "summer-trip-api.secretEnv" (dict "name" "DATABASE_USER" "store" "postgresql" "key" "username" "root" .) }}
{{ include "summer-trip-api.secretEnv" (dict "name" "DATABASE_PASSWORD" "store" "postgresql" "key" "password" "root" .) }}
{{ include "summer-trip-api.secretEnv" (dict "name" "CASSANDRA_USER" "store" "cassandra" "key" "username" "root" .) }}
{{ include "summer-trip-api.secretEnv" (dict "name" "CASSANDRA_PASSWORD" "store" "cassandra" "key" "password" "root" .) }}
{{ include "summer-trip-api.secretEnv" (dict "name" "NEO4J_PASSWORD" "store" "neo4j" "key" "password" "root" .) }}
{{- if .Values.redis.auth.enabled }}
{{ include "summer-trip-api.secretEnv" (dict "name" "REDIS_PASSWORD" "store" "redis" "key" "password" "root" .) }}
{{- end }}
{{ include "summer-trip-api.secretEnv" (dict "name" "STORAGE_ACCESS_KEY" "store" "minio" "key" "accessKey" "root" .) }}
{{ include "summer-trip-api.secretEnv" (dict "name" "STORAGE_SECRET_KEY" "store" "minio" "key" "secretKey" "root" .) }}
- name: API_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ include "summer-trip-api.apiKeysSecret" . }}
      key: {{ ternary .Values.apiKeys.existingSecretKey "api-keys" (ne .Values.apiKeys.existingSecret "") }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
