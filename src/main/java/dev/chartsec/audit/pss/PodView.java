package dev.chartsec.audit.pss;

import java.util.List;
import java.util.Map;

/**
 * The fields of a pod that the Pod Security Standards read, typed as the API server decodes them (a missing
 * or null pointer field is null, a missing bool is false). Each part carries its field path in the object,
 * so a failed check can name the exact field ({@code spec.template.spec.containers[0].securityContext.privileged}).
 *
 * @param annotationsPath where the pod's annotations are ({@code metadata.annotations} or the template's)
 * @param specPath        where the pod spec is ({@code spec} or {@code spec.template.spec})
 */
public record PodView(String annotationsPath, Map<String, String> annotations, String specPath, boolean hostNetwork,
        boolean hostPID, boolean hostIPC, Boolean hostUsers, String osName, SecurityContext securityContext,
        List<Sysctl> sysctls, List<Volume> volumes, List<Container> containers) {

    /** A pod or container security context; fields a level does not have stay null. */
    public record SecurityContext(Boolean privileged, Boolean allowPrivilegeEscalation, Capabilities capabilities,
            String procMount, Boolean runAsNonRoot, Long runAsUser, Profile seccompProfile, Profile appArmorProfile,
            SeLinux seLinuxOptions, Boolean windowsHostProcess) {
    }

    /** Added and dropped capabilities (absent lists are empty). */
    public record Capabilities(List<String> add, List<String> drop) {
    }

    /** A seccomp or AppArmor profile; its type is "" when not given. */
    public record Profile(String type) {
    }

    public record SeLinux(String user, String role, String type) {
    }

    public record Sysctl(String name, String path) {
    }

    /**
     * A volume and the volume sources it sets, in the order of the API's Volume type.
     */
    public record Volume(String name, String path, List<String> sources) {
    }

    /** A host given in a probe or lifecycle handler ({@code livenessProbe.httpGet.host}), with its path. */
    public record HandlerHost(String host, String path) {
    }

    public record HostPort(int port, String path) {
    }

    /** An init, regular or ephemeral container, in the order upstream visits them (init, regular, ephemeral). */
    public record Container(String name, String path, SecurityContext securityContext, List<HostPort> hostPorts,
            List<HandlerHost> handlerHosts) {

        /** The path of a field of this container's security context. */
        public String at(String field) {
            return path + ".securityContext." + field;
        }
    }

    public boolean isWindows() {
        return "windows".equals(osName);
    }

    /** The pod is in a user namespace (hostUsers: false). */
    public boolean userNamespace() {
        return Boolean.FALSE.equals(hostUsers);
    }

    public String at(String field) {
        return specPath + ".securityContext." + field;
    }
}
