package dev.chartsec.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.google.gson.annotations.SerializedName;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;

/**
 * Strict validation of rendered Kubernetes objects against the official OpenAPI model of a pinned
 * Kubernetes version (the model classes of io.kubernetes:client-java-api). Unlike the classes' own
 * validateJsonElement, it reports every error, and checks scalar types and quantity formats too.
 */
public final class KubeModelValidator {
    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final Pattern QUANTITY = Pattern.compile(
            "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\\d+)?");
    private static final Map<Class<?>, Map<String, Field>> FIELDS = new ConcurrentHashMap<>();

    private KubeModelValidator() {
    }

    /**
     * The custom resources a chart may carry, by API group (ExternalSecret, HTTPRoute, Certificate,
     * ServiceMonitor, PodMonitor): no Java model; the test API server validates them against the CRDs
     * tools/kube/crds.sh takes from each project's module.
     */
    public static final Map<String, Set<String>> CUSTOM_RESOURCES = Map.of("external-secrets.io", Set.of("ExternalSecret"),
            "gateway.networking.k8s.io", Set.of("HTTPRoute"), "cert-manager.io", Set.of("Certificate"),
            "monitoring.coreos.com", Set.of("ServiceMonitor", "PodMonitor"));

    public static boolean isCustomResource(Map<String, Object> object) {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        return apiVersion.contains("/") && CUSTOM_RESOURCES.getOrDefault(apiVersion.substring(0, apiVersion.indexOf('/')), Set.of())
                .contains(String.valueOf(object.get("kind")));
    }

    /** Whether a kind is one of those custom resources (for tools that name objects by kind alone). */
    public static boolean isCustomResourceKind(String kind) {
        return CUSTOM_RESOURCES.values().stream().anyMatch(kinds -> kinds.contains(kind));
    }

    /** Every problem with one object, each as "path: problem". */
    public static List<String> validate(Map<String, Object> object) {
        List<String> errors = new ArrayList<>();
        Object apiVersion = object.get("apiVersion");
        Object kind = object.get("kind");
        if (!(apiVersion instanceof String av) || !(kind instanceof String k)) {
            errors.add("$: apiVersion and kind are required");
            return errors;
        }
        Class<?> model = modelClass(av, k);
        if (model == null) {
            errors.add("$: no model for " + av + " " + k);
            return errors;
        }
        walk(model, object, "$", errors);
        return errors;
    }

    static Class<?> modelClass(String apiVersion, String kind) {
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        String prefix = Character.toUpperCase(version.charAt(0)) + version.substring(1);
        try {
            return Class.forName(MODELS + prefix + kind);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static void walk(Type type, Object value, String path, List<String> errors) {
        if (value == null) {
            return; // an explicit null is how YAML writes "absent"
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                if (!(value instanceof List<?> list)) {
                    errors.add(path + ": expected a list, got " + value.getClass().getSimpleName());
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    walk(p.getActualTypeArguments()[0], list.get(i), path + "[" + i + "]", errors);
                }
            } else if (Map.class.isAssignableFrom(raw)) {
                if (!(value instanceof Map<?, ?> map)) {
                    errors.add(path + ": expected a map, got " + value.getClass().getSimpleName());
                    return;
                }
                map.forEach((k, v) -> walk(p.getActualTypeArguments()[1], v, path + "." + k, errors));
            }
            return;
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class || c == OffsetDateTime.class || c == byte[].class) {
            expect(value instanceof String, path, "a string", value, errors);
        } else if (c == Integer.class || c == Long.class) {
            expect(value instanceof Integer || value instanceof Long || value instanceof BigInteger, path, "an integer", value, errors);
        } else if (c == Double.class || c == Float.class) {
            expect(value instanceof Number, path, "a number", value, errors);
        } else if (c == Boolean.class) {
            expect(value instanceof Boolean, path, "a boolean", value, errors);
        } else if (c == IntOrString.class) {
            expect(value instanceof Integer || value instanceof String, path, "an integer or a string", value, errors);
        } else if (c == Quantity.class) {
            boolean ok = value instanceof Number || value instanceof String s && QUANTITY.matcher(s).matches();
            expect(ok, path, "a quantity", value, errors);
        } else if (c == Object.class) {
            // free-form (for example RawExtension): anything goes
        } else if (fields(c) != null) {
            if (!(value instanceof Map<?, ?> map)) {
                errors.add(path + ": expected an object (" + c.getSimpleName() + "), got " + value.getClass().getSimpleName());
                return;
            }
            Map<String, Field> fields = fields(c);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Field f = fields.get(String.valueOf(e.getKey()));
                if (f == null) {
                    errors.add(path + "." + e.getKey() + ": unknown field in " + c.getSimpleName());
                } else {
                    walk(f.getGenericType(), e.getValue(), path + "." + e.getKey(), errors);
                }
            }
            for (String required : requiredFields(c)) {
                if (map.get(required) == null) {
                    errors.add(path + "." + required + ": required field missing in " + c.getSimpleName());
                }
            }
        } else {
            errors.add(path + ": no rule for type " + c.getName());
        }
    }

    private static void expect(boolean ok, String path, String what, Object value, List<String> errors) {
        if (!ok) {
            errors.add(path + ": expected " + what + ", got " + value.getClass().getSimpleName() + " " + value);
        }
    }

    private static Map<String, Field> fields(Class<?> c) {
        if (!c.getName().startsWith(MODELS)) {
            return null;
        }
        return FIELDS.computeIfAbsent(c, k -> {
            Map<String, Field> m = new ConcurrentHashMap<>();
            for (Field f : k.getDeclaredFields()) {
                SerializedName n = f.getAnnotation(SerializedName.class);
                if (n != null && !Modifier.isStatic(f.getModifiers())) {
                    m.put(n.value(), f);
                }
            }
            return m;
        });
    }

    @SuppressWarnings("unchecked")
    private static Set<String> requiredFields(Class<?> c) {
        try {
            return (Set<String>) c.getField("openapiRequiredFields").get(null);
        } catch (ReflectiveOperationException e) {
            return Set.of();
        }
    }
}
