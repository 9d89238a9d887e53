resource "aws_opensearch_domain" "pass_audit" {
  domain_name = "rag"
  log_publishing_options {
    log_type                 = "AUDIT_LOGS"
    cloudwatch_log_group_arn = "arn:aws:logs:us-east-1:111122223333:log-group:/rag/audit"
  }
}

resource "aws_opensearch_domain" "fail_no_logs" {
  domain_name = "rag-dev"
}

resource "aws_opensearch_domain" "fail_slow_logs_only" {
  domain_name = "rag-slow"
  log_publishing_options {
    log_type                 = "SEARCH_SLOW_LOGS"
    cloudwatch_log_group_arn = "arn:aws:logs:us-east-1:111122223333:log-group:/rag/slow"
  }
}

resource "aws_elasticsearch_domain" "fail_audit_disabled" {
  domain_name = "legacy"
  log_publishing_options {
    log_type                 = "AUDIT_LOGS"
    cloudwatch_log_group_arn = "arn:aws:logs:us-east-1:111122223333:log-group:/legacy/audit"
    enabled                  = false
  }
}
