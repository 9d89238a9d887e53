variable "cidr" {
  type = string
}

resource "google_compute_firewall" "pass_internal_source" {
  name    = "pass-internal-source"
  network = "ml-vpc"
  source_ranges = ["10.0.0.0/8"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "pass_source_tags" {
  name    = "pass-source-tags"
  network = "ml-vpc"
  source_tags = ["bastion"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "pass_other_port_world" {
  name    = "pass-other-port-world"
  network = "ml-vpc"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["443", "23-32"]
  }
}

resource "google_compute_firewall" "pass_egress" {
  name    = "pass-egress"
  network = "ml-vpc"
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "pass_disabled" {
  name    = "pass-disabled"
  network = "ml-vpc"
  source_ranges = ["0.0.0.0/0"]
  disabled      = true
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "pass_udp_same_port" {
  name    = "pass-udp-same-port"
  network = "ml-vpc"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "udp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "fail_world" {
  name    = "fail-world"
  network = "ml-vpc"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["443", "22"]
  }
}

resource "google_compute_firewall" "fail_range_contains_port" {
  name    = "fail-range-contains-port"
  network = "ml-vpc"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["17-27"]
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

resource "google_compute_firewall" "fail_all_protocols" {
  name    = "fail-all-protocols"
  network = "ml-vpc"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "all"
  }
}

resource "google_compute_firewall" "fail_no_source_defaults_to_any" {
  name    = "fail-no-source-defaults-to-any"
  network = "ml-vpc"
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "fail_ipv6" {
  name    = "fail-ipv6"
  network = "ml-vpc"
  source_ranges = ["::/0"]
  allow {
    protocol = "icmp"
  }
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "unknown_cidr" {
  name    = "unknown-cidr"
  network = "ml-vpc"
  source_ranges = [var.cidr]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}


resource "google_compute_firewall" "fail_bare_any_address" {
  name          = "fail-bare-any-address"
  network       = "ml-vpc"
  source_ranges = ["0.0.0.0"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "fail_bare_any_ipv6" {
  name          = "fail-bare-any-ipv6"
  network       = "ml-vpc"
  source_ranges = ["::0"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
