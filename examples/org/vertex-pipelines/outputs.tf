output "pipeline_root" {
  value = google_storage_bucket.pipeline_root.url
}

output "pipeline_runner_email" {
  value = google_service_account.pipeline_runner.email
}

output "endpoint_ids" {
  value = {
    claims_triage   = google_vertex_ai_endpoint.claims_triage.id
    recommendations = google_vertex_ai_endpoint.recommendations.id
  }
}

output "workbench_proxy_uris" {
  value = { for user, wb in google_workbench_instance.personal : user => wb.proxy_uri }
}
