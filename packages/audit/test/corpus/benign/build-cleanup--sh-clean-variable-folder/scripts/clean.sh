#!/bin/sh
OUT=./dist
CACHE=./.cache
clean() { rm -rf "$1"; echo "removed $1"; }
clean "$OUT"
clean "$CACHE"