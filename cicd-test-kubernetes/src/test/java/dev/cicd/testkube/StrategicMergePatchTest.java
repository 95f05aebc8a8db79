package dev.cicd.testkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * Cases from Kubernetes' documentation: "Update API Objects in Place Using kubectl patch" (kubernetes.io
 * tasks) and the strategic merge patch design (kubernetes/community, sig-api-machinery
 * strategic-merge-patch.md and preserve-order-in-strategic-merge-patch.md). Expected results are what
 * the API server answers.
 */
class StrategicMergePatchTest {

    private static final String PATCH_DEMO =
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'patch-demo'},"
                    + "'spec':{'replicas':2,'selector':{'matchLabels':{'app':'nginx'}},'template':{'metadata':{'labels':"
                    + "{'app':'nginx'}},'spec':{'containers':[{'name':'patch-demo-ctr','image':'nginx'}],'tolerations':"
                    + "[{'effect':'NoSchedule','key':'dedicated','value':'test-team'}]}}}}";

    @Test
    void containers_merge_by_name_and_new_ones_come_first_as_in_the_kubectl_patch_task() {
        JsonNode patched = apply(
                PATCH_DEMO,
                "{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr-2','image':'redis'}]}}}}");

        assertThat(patched.at("/spec/template/spec/containers"))
                .isEqualTo(json(
                        "[{'name':'patch-demo-ctr-2','image':'redis'},{'name':'patch-demo-ctr','image':'nginx'}]"));
    }

    @Test
    void a_list_without_a_patch_strategy_is_replaced_like_tolerations_in_the_kubectl_patch_task() {
        JsonNode patched = apply(
                PATCH_DEMO,
                "{'spec':{'template':{'spec':{'tolerations':"
                        + "[{'effect':'NoSchedule','key':'disktype','value':'ssd'}]}}}}");

        assertThat(patched.at("/spec/template/spec/tolerations"))
                .isEqualTo(json("[{'effect':'NoSchedule','key':'disktype','value':'ssd'}]"));
        assertThat(patched.at("/spec/template/spec/containers")).hasSize(1);
    }

    @Test
    void a_container_field_changes_in_place_when_the_merge_key_matches() {
        JsonNode patched = apply(
                PATCH_DEMO,
                "{'spec':{'template':{'spec':{"
                        + "'$setElementOrder/containers':[{'name':'patch-demo-ctr'}],"
                        + "'containers':[{'name':'patch-demo-ctr','image':'nginx:1.0.3'}]}}}}");

        assertThat(patched.at("/spec/template/spec/containers"))
                .isEqualTo(json("[{'name':'patch-demo-ctr','image':'nginx:1.0.3'}]"));
    }

    @Test
    void retainKeys_clears_fields_it_does_not_list_as_in_the_kubectl_patch_task() {
        String deployment = "{'kind':'Deployment','spec':{'strategy':{'type':'RollingUpdate',"
                + "'rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}}}}";

        assertThat(apply(deployment, "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}")
                        .at("/spec/strategy"))
                .isEqualTo(json("{'type':'Recreate'}"));
        assertThat(apply(deployment, "{'spec':{'strategy':{'type':'Recreate'}}}")
                        .at("/spec/strategy/rollingUpdate"))
                .isEqualTo(json("{'maxSurge':'25%','maxUnavailable':'25%'}"));
    }

    @Test
    void retainKeys_refuses_a_patch_with_a_field_it_does_not_list() {
        assertThatThrownBy(() -> apply(
                        "{'kind':'Deployment','spec':{'strategy':{}}}",
                        "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':{}}}}"))
                .isInstanceOf(StrategicMergePatch.PatchException.class);
    }

    @Test
    void patch_replace_in_a_list_replaces_the_whole_list() {
        String pod = "{'kind':'Pod','spec':{'containers':[{'name':'nginx','image':'nginx-1.0'},"
                + "{'name':'log-tailer','image':'log-tailer-1.0'}]}}";

        JsonNode patched =
                apply(pod, "{'spec':{'containers':[{'name':'nginx','image':'nginx-1.1'}," + "{'$patch':'replace'}]}}");

        assertThat(patched.at("/spec/containers")).isEqualTo(json("[{'name':'nginx','image':'nginx-1.1'}]"));
    }

    @Test
    void patch_delete_in_a_list_item_removes_the_item_with_that_merge_key() {
        String pod = "{'kind':'Pod','spec':{'containers':[{'name':'nginx','image':'nginx-1.0'},"
                + "{'name':'log-tailer','image':'log-tailer-1.0'}]}}";

        JsonNode patched = apply(pod, "{'spec':{'containers':[{'name':'log-tailer','$patch':'delete'}]}}");

        assertThat(patched.at("/spec/containers")).isEqualTo(json("[{'name':'nginx','image':'nginx-1.0'}]"));
    }

    @Test
    void patch_replace_in_a_map_replaces_the_map_and_patch_delete_empties_it() {
        String deployment = "{'kind':'Deployment','metadata':{'labels':{'app':'web','tier':'front'}},"
                + "'spec':{'strategy':{'type':'Recreate'}}}";

        assertThat(apply(deployment, "{'metadata':{'labels':{'$patch':'replace','app':'api'}}}")
                        .at("/metadata/labels"))
                .isEqualTo(json("{'app':'api'}"));
        assertThat(apply(deployment, "{'spec':{'strategy':{'$patch':'delete'}}}")
                        .at("/spec/strategy"))
                .isEqualTo(json("{}"));
    }

    @Test
    void null_deletes_a_field_and_maps_merge_key_by_key() {
        String configMap = "{'kind':'ConfigMap','metadata':{'name':'c','annotations':{'a':'1','b':'2'}},"
                + "'data':{'x':'1','y':'2'}}";

        JsonNode patched = apply(configMap, "{'metadata':{'annotations':{'a':null,'c':'3'}},'data':{'y':'20'}}");

        assertThat(patched.at("/metadata/annotations")).isEqualTo(json("{'b':'2','c':'3'}"));
        assertThat(patched.at("/data")).isEqualTo(json("{'x':'1','y':'20'}"));
    }

    @Test
    void deleteFromPrimitiveList_removes_finalizers_and_a_merging_primitive_list_is_a_union() {
        String object = "{'kind':'ConfigMap','metadata':{'finalizers':['a','b','c']}}";

        assertThat(apply(object, "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}")
                        .at("/metadata/finalizers"))
                .isEqualTo(json("['a','c']"));
        assertThat(apply(object, "{'metadata':{'finalizers':['c','d']}}").at("/metadata/finalizers"))
                .isEqualTo(json("['a','b','c','d']"));
    }

    @Test
    void setElementOrder_orders_the_merged_list_and_keeps_server_only_items_in_place() {
        // From preserve-order-in-strategic-merge-patch.md: the directive's order wins among the items it
        // names; a server-only item goes before a named item it preceded on the server ("server-only" was
        // before "c" there), so it ends up first.
        String pod = "{'kind':'Pod','spec':{'containers':[{'name':'a','image':'a1'},{'name':'b','image':'b1'},"
                + "{'name':'server-only','image':'s'},{'name':'c','image':'c1'}]}}";

        JsonNode patched = apply(
                pod,
                "{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'},{'name':'b'}],"
                        + "'containers':[{'name':'a','image':'a2'}]}}");

        assertThat(patched.at("/spec/containers"))
                .extracting(c -> c.get("name").asText())
                .containsExactly("server-only", "c", "a", "b");
        assertThat(patched.at("/spec/containers/2/image").asText()).isEqualTo("a2");
    }

    @Test
    void setElementOrder_with_a_deletion_drops_the_item_missing_from_the_order() {
        String deployment = "{'kind':'Deployment','spec':{'template':{'spec':{'containers':[{'name':'app',"
                + "'env':[{'name':'A','value':'1'},{'name':'B','value':'2'},{'name':'C','value':'3'}]}]}}}}";

        // What helm upgrade sends when a chart drops env var B and changes C.
        JsonNode patched = apply(
                deployment,
                "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'app'}],"
                        + "'containers':[{'name':'app','$setElementOrder/env':[{'name':'A'},{'name':'C'}],"
                        + "'env':[{'name':'C','value':'30'},{'$patch':'delete','name':'B'}]}]}}}}");

        assertThat(patched.at("/spec/template/spec/containers/0/env"))
                .isEqualTo(json("[{'name':'A','value':'1'},{'name':'C','value':'30'}]"));
    }

    @Test
    void container_ports_merge_by_containerPort_and_service_ports_by_port() {
        String deployment = "{'kind':'Deployment','spec':{'template':{'spec':{'containers':[{'name':'app',"
                + "'ports':[{'containerPort':8080,'name':'http'}],'volumeMounts':[{'mountPath':'/data','name':'d'}]}]}}}}";
        JsonNode patchedDeployment = apply(
                deployment,
                "{'spec':{'template':{'spec':{'containers':[{'name':'app',"
                        + "'ports':[{'containerPort':9090,'name':'metrics'}],'volumeMounts':[{'mountPath':'/data','readOnly':true}]}]}}}}");
        assertThat(patchedDeployment.at("/spec/template/spec/containers/0/ports"))
                .extracting(p -> p.get("name").asText())
                .containsExactlyInAnyOrder("http", "metrics");
        assertThat(patchedDeployment.at("/spec/template/spec/containers/0/volumeMounts"))
                .isEqualTo(json("[{'mountPath':'/data','name':'d','readOnly':true}]"));

        String service = "{'kind':'Service','spec':{'ports':[{'port':80,'targetPort':8080,'name':'http'}]}}";
        JsonNode patchedService = apply(service, "{'spec':{'ports':[{'port':80,'targetPort':9090}]}}");
        assertThat(patchedService.at("/spec/ports")).isEqualTo(json("[{'port':80,'targetPort':9090,'name':'http'}]"));
    }

    @Test
    void volumes_and_image_pull_secrets_merge_by_name_in_pod_templates_of_every_workload_kind() {
        for (String kind : new String[] {"Deployment", "StatefulSet", "DaemonSet", "Job"}) {
            String workload =
                    "{'kind':'" + kind + "','spec':{'template':{'spec':{'volumes':[{'name':'a','emptyDir':{}}],"
                            + "'imagePullSecrets':[{'name':'one'}]}}}}";
            JsonNode patched = apply(
                    workload,
                    "{'spec':{'template':{'spec':{'volumes':[{'name':'b','emptyDir':{}}],"
                            + "'imagePullSecrets':[{'name':'two'}]}}}}");
            assertThat(patched.at("/spec/template/spec/volumes")).as(kind).hasSize(2);
            assertThat(patched.at("/spec/template/spec/imagePullSecrets"))
                    .as(kind)
                    .hasSize(2);
        }
        String cronJob = "{'kind':'CronJob','spec':{'jobTemplate':{'spec':{'template':{'spec':{'containers':"
                + "[{'name':'a','image':'1'}]}}}}}}";
        assertThat(apply(
                                cronJob,
                                "{'spec':{'jobTemplate':{'spec':{'template':{'spec':{'containers':"
                                        + "[{'name':'b','image':'2'}]}}}}}}")
                        .at("/spec/jobTemplate/spec/template/spec/containers"))
                .hasSize(2);
    }

    @Test
    void lists_of_kinds_without_merge_keys_are_replaced() {
        String role = "{'kind':'Role','rules':[{'apiGroups':[''],'resources':['pods'],'verbs':['get']}]}";
        assertThat(apply(role, "{'rules':[{'apiGroups':['apps'],'resources':['deployments'],'verbs':['list']}]}")
                        .at("/rules"))
                .isEqualTo(json("[{'apiGroups':['apps'],'resources':['deployments'],'verbs':['list']}]"));

        String ingress = "{'kind':'Ingress','spec':{'rules':[{'host':'a.example'}]}}";
        assertThat(apply(ingress, "{'spec':{'rules':[{'host':'b.example'}]}}").at("/spec/rules"))
                .isEqualTo(json("[{'host':'b.example'}]"));
    }

    @Test
    void a_merging_list_item_without_its_merge_key_is_refused() {
        assertThatThrownBy(() -> apply(PATCH_DEMO, "{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}"))
                .isInstanceOf(StrategicMergePatch.PatchException.class)
                .hasMessageContaining("merge key");
    }

    @Test
    void json_merge_patch_replaces_lists_and_deletes_on_null() {
        JsonNode patched = JsonMergePatch.apply(
                json(PATCH_DEMO),
                json(
                        "{'spec':{'replicas':null,'template':{'spec':{'containers':[{'name':'patch-demo-ctr-3','image':'gcr.io/google-samples/node-hello:1.0'}]}}}}"));

        assertThat(patched.at("/spec/template/spec/containers"))
                .isEqualTo(json("[{'name':'patch-demo-ctr-3','image':'gcr.io/google-samples/node-hello:1.0'}]"));
        assertThat(patched.at("/spec").has("replicas")).isFalse();
    }

    private static JsonNode apply(String original, String patch) {
        JsonNode originalNode = json(original);
        return StrategicMergePatch.apply(
                originalNode, json(patch), originalNode.path("kind").asText());
    }

    static JsonNode json(String singleQuoted) {
        return Serialization.unmarshal(singleQuoted.replace('\'', '"'), JsonNode.class);
    }
}
