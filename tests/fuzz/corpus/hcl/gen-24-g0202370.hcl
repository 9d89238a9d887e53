variable foo/**/"%%{" "$${x}" { /* c */
    variable tags "x" /* c */ {} # c
    /* c */ 
}
привет = "$}<<EOT${~"${ x__ /*//*/ ~}" ~}" ? 5e-324 : 1e400
# ́