#!/bin/sh
echo "delivery service ready"
