variable "cidr" {
  type = string
}

resource "google_compute_firewall" "pass_internal_source" {
  name    = "pass-internal-source"
  network = "ml-vpc"
  source_ranges = ["10.0.0.0/8"]
  allow {
    protocol = "all"
  }
}

resource "google_compute_firewall" "pass_single_port_world" {
  name    = "pass-single-port-world"
  network = "ml-vpc"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

resource "google_compute_firewall" "pass_egress" {
  name    = "pass-egress"
  network = "ml-vpc"
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "all"
  }
}

resource "google_compute_firewall" "pass_deny_all" {
  name    = "pass-deny-all"
  network = "ml-vpc"
  source_ranges = ["0.0.0.0/0"]
  deny {
    protocol = "all"
  }
}

resource "google_compute_firewall" "fail_all_protocols" {
  name    = "fail-all-protocols"
  network = "ml-vpc"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "all"
  }
}

resource "google_compute_firewall" "fail_tcp_no_ports" {
  name    = "fail-tcp-no-ports"
  network = "ml-vpc"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
  }
}

resource "google_compute_firewall" "fail_tcp_full_range" {
  name    = "fail-tcp-full-range"
  network = "ml-vpc"
  source_ranges = ["::/0"]
  allow {
    protocol = "udp"
    ports    = ["0-65535"]
  }
}

resource "google_compute_firewall" "fail_no_source_defaults_to_any" {
  name    = "fail-no-source-defaults-to-any"
  network = "ml-vpc"
  allow {
    protocol = "all"
  }
}

resource "google_compute_firewall" "unknown_cidr" {
  name    = "unknown-cidr"
  network = "ml-vpc"
  source_ranges = [var.cidr]
  allow {
    protocol = "all"
  }
}


# A range without a prefix length, 0.0.0.0 or ::0, is read as open (as Checkov does).
resource "google_compute_firewall" "fail_bare_zero_address" {
  name          = "fail-bare-zero-address"
  network       = "ml"
  source_ranges = ["192.168.2.0/24", "::0"]
  allow {
    protocol = "all"
  }
}
